"""The voice: libespeak-ng 1.52 and its data from the `espeakng-loader` wheel, through ctypes.

Debian 12's espeak-ng 1.51 reads most Chinese characters as English letters ("拨打" → b-one da-three);
1.52's Mandarin voice is right, and its `cmn-latn-pinyin` voice says pinyin with tone numbers exactly
as given, which is what lets our front end decide every polyphone. Audio is rendered into memory
(synchronous mode): no sound card is needed to make a WAV.
"""

from __future__ import annotations

import array
import ctypes
import threading
import wave
from pathlib import Path

# libespeak-ng keeps one global state per process (voice, rate, callback). Every call goes through
# this lock, whichever EspeakVoice object makes it; it guards the C library, not our objects.
_LIBRARY_LOCK = threading.Lock()

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_ESPEAK_RATE = 1
_ENDPAUSE = 0x1000
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

MANDARIN = "cmn-latn-pinyin"
ENGLISH = "en"


class VoiceError(RuntimeError):
    """The voice library or its data is missing or refused the text."""


# The C library is initialised once per process: a second espeak_Initialize frees buffers that a
# previous voice object may still point to (it crashed the test process). This mirrors state
# that libespeak-ng itself keeps per process; it is not a place for our own state.
_LOADED: list[tuple[ctypes.CDLL, int]] = []


def _library() -> tuple[ctypes.CDLL, int]:
    with _LIBRARY_LOCK:
        if not _LOADED:
            _LOADED.append(_load())
        return _LOADED[0]


def _load() -> tuple[ctypes.CDLL, int]:
    try:
        import espeakng_loader

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data = espeakng_loader.get_data_path()
    except (ImportError, OSError, RuntimeError) as exc:
        raise VoiceError(f"the espeak-ng 1.52 voice library is not installed ({exc})") from exc
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
        ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]  # fmt: skip
    sample_rate = int(lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), 0))
    if sample_rate <= 0:
        raise VoiceError("the espeak-ng 1.52 voice data could not be loaded")
    return lib, sample_rate


class EspeakVoice:
    """Renders text with a named espeak-ng voice to 16-bit mono PCM; thread-safe, cancellable."""

    def __init__(self, *, rate_wpm: int = 150) -> None:
        self._lib, self.sample_rate = _library()
        self._rate_wpm = rate_wpm
        self._samples = array.array("h")
        self._cancel = threading.Event()
        # Kept on the object: ctypes would free the C callback if nothing referenced it.
        self._callback = _CALLBACK(self._on_audio)

    def _on_audio(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int | None) -> int:
        if count > 0 and wav:
            self._samples.frombytes(ctypes.string_at(wav, count * 2))
        return 1 if self._cancel.is_set() else 0

    def _select(self, voice: str) -> None:
        if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise VoiceError(f"espeak-ng has no voice named {voice!r}")

    def render(self, text: str, *, voice: str) -> bytes:
        """16-bit little-endian mono PCM at `sample_rate` for `text`, or b"" when cancelled."""
        data = text.encode("utf-8")
        with _LIBRARY_LOCK:
            self._cancel.clear()
            self._samples = array.array("h")
            self._lib.espeak_SetSynthCallback(self._callback)
            self._select(voice)
            self._lib.espeak_SetParameter(_ESPEAK_RATE, self._rate_wpm, 0)
            status = self._lib.espeak_Synth(data, len(data) + 1, 0, 0, 0, _CHARS_UTF8 | _ENDPAUSE, None, None)
            samples, self._samples = self._samples, array.array("h")
        if self._cancel.is_set():
            return b""
        if status != 0:
            raise VoiceError(f"espeak-ng could not say this text (status {status})")
        return samples.tobytes()

    def cancel(self) -> None:
        """Makes a render running in another thread stop at its next block of audio."""
        self._cancel.set()

    def phonemes(self, text: str, *, voice: str) -> str:
        """espeak's phoneme mnemonics (as `espeak-ng -x`), clauses joined by " | "; a switch to
        another language shows as "(en)"."""
        buffer = ctypes.create_string_buffer(text.encode("utf-8"))
        pointer = ctypes.c_char_p(ctypes.addressof(buffer))
        clauses = []
        with _LIBRARY_LOCK:
            self._select(voice)
            while pointer.value:
                clause = self._lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, 0)
                if clause:
                    clauses.append(clause.decode("utf-8", errors="replace").strip())
        return " | ".join(c for c in clauses if c)


def write_wav(path: Path, pcm: bytes, *, sample_rate: int) -> None:
    with path.open("wb") as file, wave.open(file, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm)
