CREATE TABLE personas (
    id    serial PRIMARY KEY,
    name  text NOT NULL UNIQUE,
    style text NOT NULL
);
