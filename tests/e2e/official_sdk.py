"""The official AWS Encryption SDK for Python, configured as a Connect decrypting Lambda is:
raw RSA master key, provider "AmazonConnect", key name = the Key ID, RSA-OAEP-SHA512/MGF1-SHA512,
and a commitment policy that accepts Connect's non-committing suite 0x0378."""
import base64

import aws_encryption_sdk
from aws_encryption_sdk import CommitmentPolicy
from aws_encryption_sdk.identifiers import EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.key_providers.raw import RawMasterKey, WrappingKey


def decrypt_like_connect_lambda(ciphertext_b64: str, private_key_pem: str, key_id: str) -> bytes:
    key = RawMasterKey(
        provider_id="AmazonConnect",
        key_id=key_id.encode(),
        wrapping_key=WrappingKey(
            wrapping_algorithm=WrappingAlgorithm.RSA_OAEP_SHA512_MGF1,
            wrapping_key=private_key_pem.encode(),
            wrapping_key_type=EncryptionKeyType.PRIVATE,
        ),
    )
    client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
    plaintext, header = client.decrypt(source=base64.b64decode("".join(ciphertext_b64.split())), key_provider=key)
    assert header.algorithm.algorithm_id == 0x0378
    return plaintext
