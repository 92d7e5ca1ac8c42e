-- Optuna's Alembic revision v3.2.0.a ("Add index to study_id column in trials table") on
-- PostgreSQL: upgrades a database written by Optuna 3.0/3.1 (revision v3.0.0.d). After it,
-- Optuna 3.1 refuses the database ("update optuna"); Optuna >= 3.2 and parzen open it.
-- from: v3.0.0.d
-- to: v3.2.0.a
CREATE INDEX IF NOT EXISTS trials_study_id_key ON trials (study_id);
UPDATE alembic_version SET version_num = 'v3.2.0.a' WHERE version_num = 'v3.0.0.d';
