//! Times Connect-profile encryption and decryption of a 16-digit card number, natively.
//! Used by `scripts/bench.sh`; prints `encrypt_ms=<median> decrypt_ms=<median>`.
//!
//! Usage: cargo run --release -p flowkeys-esdk --example bench_connect -- CERT.pem KEY.pem RUNS
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, cert, key, runs] = args.as_slice() else {
        return Err("usage: bench_connect CERT.pem KEY.pem RUNS".into());
    };
    let cert = std::fs::read(cert)?;
    let key = std::fs::read(key)?;
    let runs: usize = runs.parse()?;
    let key_id = "4cdb826a-24c9-443d-b78b-327c817073ce";
    let plaintext = b"4111111111111111";
    let public = flowkeys_esdk::keys::load_public_key(&cert)?;
    let (mut enc, mut dec) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let message = flowkeys_esdk::connect::encrypt(&public, key_id, plaintext, &mut getrandom::SysRng)?;
        enc.push(t.elapsed().as_secs_f64() * 1000.0);
        // Decrypt as the console does: load the private key, then open the message.
        let t = Instant::now();
        let keyring = flowkeys_esdk::connect::keyring_from_private_key(key_id, &key)?;
        let out = flowkeys_esdk::decrypt(&message, &[keyring], &Default::default())?;
        dec.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(out.plaintext.as_slice(), plaintext);
    }
    println!("encrypt_ms={:.3} decrypt_ms={:.3}", median(enc), median(dec));
    Ok(())
}
