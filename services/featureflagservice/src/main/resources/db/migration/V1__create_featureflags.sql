-- The reference's table (v1.1.0), with "enabled" widened to the probability that the flag fires on a call.
CREATE TABLE featureflags (
    id          bigserial PRIMARY KEY,
    name        varchar(255) NOT NULL,
    description varchar(255),
    enabled     double precision NOT NULL DEFAULT 0.0 CHECK (enabled >= 0.0 AND enabled <= 1.0),
    inserted_at timestamp(0) without time zone NOT NULL,
    updated_at  timestamp(0) without time zone NOT NULL
);

CREATE UNIQUE INDEX featureflags_name_index ON featureflags (name);
