"""Reference MT stage: re-translate sources with a seq2seq model (transformers, optional CTranslate2)."""
