"""Files in and out: TOML evaluations and sets (line numbers, comments kept), new evaluations, long tables
on disk, batches of files (in parallel) and their progress bar."""
