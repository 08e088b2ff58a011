"""Scoring the pipeline on gold data (formats: the READMEs in shared/data/)."""
