"""Read-aloud front end: text normalisation, pinyin with a legal phrase table, and the espeak-ng voice."""
