#!/usr/bin/env node
// Batch worker around the official AWS Encryption SDK for JavaScript (@aws-crypto/client-node),
// configured the way an Amazon Connect decrypting Lambda is: raw RSA keyring with key namespace
// "AmazonConnect", key name = the Connect Key ID, RSA-OAEP with SHA-512 (MGF1-SHA-512), and a
// commitment policy that still decrypts the non-committing suite 0x0378.
//
// stdin:  {"jobs": [{"op": "decrypt", "key_pem": "...", "key_id": "...", "ciphertext_b64": "..."},
//                   {"op": "encrypt", "key_pem": "<SPKI PEM>", "key_id": "...", "plaintext_b64": "..."}]}
// stdout: {"results": [{"ok": true, "plaintext_b64" | "ciphertext_b64": "...", "suite": "0x0378"},
//                      {"ok": false, "error": "..."}]}   (one result per job, same order)
'use strict'

const {
  buildClient,
  CommitmentPolicy,
  RawRsaKeyringNode,
  AlgorithmSuiteIdentifier
} = require('@aws-crypto/client-node')

const { encrypt, decrypt } = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)

function connectKeyring (keyId, rsaKey) {
  return new RawRsaKeyringNode({ keyName: keyId, keyNamespace: 'AmazonConnect', rsaKey, oaepHash: 'sha512' })
}

async function runJob (job) {
  if (job.op === 'decrypt') {
    const keyring = connectKeyring(job.key_id, { privateKey: job.key_pem })
    const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(job.ciphertext_b64, 'base64'))
    return {
      ok: true,
      plaintext_b64: Buffer.from(plaintext).toString('base64'),
      suite: '0x' + messageHeader.suiteId.toString(16).padStart(4, '0')
    }
  }
  if (job.op === 'encrypt') {
    const keyring = connectKeyring(job.key_id, { publicKey: job.key_pem })
    const { result } = await encrypt(keyring, Buffer.from(job.plaintext_b64, 'base64'), {
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
      frameLength: 4096
    })
    return { ok: true, ciphertext_b64: Buffer.from(result).toString('base64') }
  }
  throw new Error(`unknown op ${job.op}`)
}

async function main () {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const { jobs } = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const results = []
  for (const job of jobs) {
    try {
      results.push(await runJob(job))
    } catch (e) {
      results.push({ ok: false, error: String(e && e.message ? e.message : e) })
    }
  }
  process.stdout.write(JSON.stringify({ results }))
}

main().catch(e => { console.error(e); process.exit(1) })
