-- A description may hold up to 1,000 characters (the UI and gRPC check the same limit); names stay within 255.
ALTER TABLE featureflags ALTER COLUMN description TYPE varchar(1000);
