INSERT INTO accounts (email) VALUES ('a@example.test'), ('b@example.test');
