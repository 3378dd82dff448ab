"""The official AWS Encryption SDK for Python (aws-encryption-sdk 4.0.7), set up with Amazon
Connect's settings: a raw RSA master key under provider ID "AmazonConnect" whose key ID is the
Connect Key ID, wrapping with RSA-OAEP-SHA512/MGF1-SHA512; suite 0x0378, 4096-byte frames; a
commitment policy that allows decrypting the non-committing suite Connect uses."""

import aws_encryption_sdk
from aws_encryption_sdk import CommitmentPolicy
from aws_encryption_sdk.identifiers import Algorithm, EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.key_providers.raw import RawMasterKey, WrappingKey

PROVIDER_ID = "AmazonConnect"

_client = aws_encryption_sdk.EncryptionSDKClient(
    commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT
)


def _master_key(key_id: str, pem: bytes, key_type: EncryptionKeyType) -> RawMasterKey:
    return RawMasterKey(
        provider_id=PROVIDER_ID,
        key_id=key_id.encode("utf-8"),
        wrapping_key=WrappingKey(
            wrapping_algorithm=WrappingAlgorithm.RSA_OAEP_SHA512_MGF1,
            wrapping_key=pem,
            wrapping_key_type=key_type,
        ),
    )


def encrypt(public_key_pem: bytes, key_id: str, plaintext: bytes) -> bytes:
    """Encrypts like Amazon Connect (public key: SPKI PEM)."""
    ciphertext, _header = _client.encrypt(
        source=plaintext,
        key_provider=_master_key(key_id, public_key_pem, EncryptionKeyType.PUBLIC),
        algorithm=Algorithm.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
        frame_length=4096,
    )
    return ciphertext


def decrypt(private_key_pem: bytes, key_id: str, ciphertext: bytes):
    """Decrypts as a Connect decrypting Lambda would; returns (plaintext, suite id)."""
    plaintext, header = _client.decrypt(
        source=ciphertext,
        key_provider=_master_key(key_id, private_key_pem, EncryptionKeyType.PRIVATE),
    )
    return plaintext, header.algorithm.algorithm_id
