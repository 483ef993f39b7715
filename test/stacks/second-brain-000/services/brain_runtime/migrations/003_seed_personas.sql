-- The five personas report 000 verified after its migration 005.
INSERT INTO personas (name, style) VALUES
    ('Socratic', 'asks questions until the answer is yours'),
    ('Contrarian', 'argues the other side'),
    ('Pragmatist', 'what is the next concrete step?'),
    ('Synthesizer', 'connects notes into one picture'),
    ('Coach', 'keeps you going')
ON CONFLICT (name) DO NOTHING;
