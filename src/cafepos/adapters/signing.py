"""The café's signing key (ECDSA P-256) and the signed anchor of the chain heads, both outside the database.

The private key lives in the user's config folder, readable by its owner only; the database keeps only public
keys. The anchor beside the key records each chain's newest (seq, hash), so deleting the newest records from
the SQLite file shows at the next verification.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from cafepos.domain.errors import N_, StorageError
from cafepos.domain.journal import Head, canonical


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def fingerprint_of(public_pem: str) -> str:
    key = serialization.load_pem_public_key(public_pem.encode())
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


class KeySigner:
    """Signs record hashes: ECDSA P-256 over SHA-256 of the ASCII hash, DER, base64url without padding."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        self._key = private_key
        pem = private_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo)
        self._public_pem = pem.decode("ascii")
        self._fingerprint = fingerprint_of(self._public_pem)
        self._algo = ec.ECDSA(hashes.SHA256())

    @classmethod
    def load_or_create(cls, path: Path) -> tuple[KeySigner, bool]:
        """Loads the key, or makes one if there is none (a lost key never stops sales). True if new."""
        if path.exists():
            try:
                key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            except (ValueError, TypeError):
                key = None
            if isinstance(key, ec.EllipticCurvePrivateKey):
                return cls(key), False
            # A damaged key file is kept aside for the auditor, never silently overwritten.
            path.replace(path.with_suffix(".damaged"))
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        write_private(path, pem)
        return cls(key), True

    @property
    def public_pem(self) -> str:
        return self._public_pem

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def sign(self, hash_hex: str) -> str:
        return b64url(self._key.sign(hash_hex.encode("ascii"), self._algo))

    def sign_bytes(self, data: bytes) -> str:
        return b64url(self._key.sign(data, self._algo))


class Checker:
    """Verifies signatures; public keys are parsed once and kept."""

    def __init__(self) -> None:
        self._keys: dict[str, ec.EllipticCurvePublicKey] = {}
        self._algo = ec.ECDSA(hashes.SHA256())

    def _key(self, public_pem: str) -> ec.EllipticCurvePublicKey | None:
        key = self._keys.get(public_pem)
        if key is None:
            try:
                loaded = serialization.load_pem_public_key(public_pem.encode())
            except ValueError:
                return None
            if not isinstance(loaded, ec.EllipticCurvePublicKey):
                return None
            key = self._keys[public_pem] = loaded
        return key

    def check_bytes(self, public_pem: str, data: bytes, signature: str) -> bool:
        key = self._key(public_pem)
        if key is None:
            return False
        try:
            key.verify(unb64url(signature), data, self._algo)
        except (InvalidSignature, ValueError):
            return False
        return True

    def check(self, public_pem: str, hash_hex: str, signature: str) -> bool:
        return self.check_bytes(public_pem, hash_hex.encode("ascii"), signature)


class AnchorInvalid(StorageError):
    pass


class FileAnchor:
    """The heads of the chains in a small signed JSON file beside the key, replaced atomically."""

    def __init__(self, path: Path, signer: KeySigner | None, known_keys: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.signer = signer
        self.known_keys = dict(known_keys or {})  # fingerprint -> public PEM, for anchors signed by older keys
        self._checker = Checker()

    def read(self) -> dict[str, Head] | None:
        if not self.path.exists():
            return None
        try:
            doc = json.loads(self.path.read_text("utf-8"))
            body = {k: v for k, v in doc.items() if k != "signature"}
            fingerprint = body["fingerprint"]
            pem = self.known_keys.get(fingerprint)
            if self.signer is not None and fingerprint == self.signer.fingerprint:
                pem = self.signer.public_pem
            if pem is None or not self._checker.check_bytes(pem, canonical(body).encode(), doc["signature"]):
                raise AnchorInvalid(N_("The anchor of the journal ({path}) is not signed by this café's key."),
                                    path=str(self.path))
            return {chain: Head(chain, int(h["seq"]), str(h["hash"])) for chain, h in body["heads"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            raise AnchorInvalid(N_("The anchor of the journal ({path}) is damaged."), path=str(self.path)) from None

    def write(self, heads: Mapping[str, Head]) -> None:
        if self.signer is None:
            raise StorageError(N_("This café was opened read-only: nothing can be written."))
        body = {"fingerprint": self.signer.fingerprint,
                "heads": {c: {"seq": h.seq, "hash": h.hash} for c, h in sorted(heads.items())}}
        doc = {**body, "signature": self.signer.sign_bytes(canonical(body).encode())}
        write_private(self.path, json.dumps(doc, sort_keys=True).encode())
