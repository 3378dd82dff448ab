//! Measures key-derivation costs per iteration natively, to set the import work budget's
//! weights (see `pbe::WorkBudget`). Run in release with opt-level 3:
//! `CARGO_PROFILE_RELEASE_OPT_LEVEL=3 cargo run --release -p flowkeys-core --example kdf_cost`
//! (add `RUSTFLAGS='--cfg sha2_backend="soft" --cfg sha1_backend="soft"'` to see the portable
//! code that WebAssembly runs, without SHA-NI).

#[path = "../tests/hostile/mod.rs"]
mod hostile;

use hostile::Prf;
use std::time::Instant;

fn per_iteration(prf: Prf, iterations: u32) -> f64 {
    let params = hostile::pbkdf2_params(prf, iterations);
    let start = Instant::now();
    let _ = params.decrypt(b"pw", &[0x5a; 32]);
    start.elapsed().as_nanos() as f64 / f64::from(iterations)
}

fn main() {
    let n = 1_000_000;
    for prf in [Prf::Sha1, Prf::Sha256, Prf::Sha512] {
        println!("PBKDF2-HMAC-{prf:?} (AES-256 key): {:.1} ns/iteration", per_iteration(prf, n));
    }
    let pw = [0u8, 0x61, 0, 0];
    let salt = [1u8; 8];
    macro_rules! p12 {
        ($h:ty, $name:expr) => {{
            let start = Instant::now();
            let _ = pkcs12::kdf::derive_key::<$h>(&pw, &salt, pkcs12::kdf::Pkcs12KeyType::Mac, n as i32, 20);
            println!(
                "PKCS#12 KDF {} (1 block): {:.1} ns/iteration",
                $name,
                start.elapsed().as_nanos() as f64 / f64::from(n)
            );
        }};
    }
    p12!(sha1::Sha1, "SHA1");
    p12!(sha2::Sha256, "SHA256");
    p12!(sha2::Sha512, "SHA512");
    for (log_n, r, p) in [(14u32, 8u16, 1u16), (16, 8, 1), (10, 8, 16)] {
        let params = hostile::scrypt_params(1 << log_n, r, p);
        let start = Instant::now();
        let _ = params.decrypt(b"pw", &[0x5a; 32]);
        let salsa = 4.0 * f64::from(1u32 << log_n) * f64::from(r) * f64::from(p);
        println!(
            "scrypt N=2^{log_n} r={r} p={p}: {:?} = {:.2} ns per Salsa20/8 core",
            start.elapsed(),
            start.elapsed().as_nanos() as f64 / salsa
        );
    }
}
