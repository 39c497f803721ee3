"""Legal content: the imported laws, content packs and the library the screens read from."""
