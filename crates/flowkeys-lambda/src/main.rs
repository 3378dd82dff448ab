//! `bootstrap`: the executable the `provided.al2023` runtime starts.

use std::sync::Arc;

use flowkeys_lambda::ssm::SsmKeySource;
use flowkeys_lambda::{Decryptor, LambdaConfig};
use lambda_runtime::{service_fn, LambdaEvent};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let config = LambdaConfig::from_env();
    let decryptor = Arc::new(Decryptor::new(config, SsmKeySource::from_env().await));
    decryptor.warm_up().await;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<serde_json::Value>| {
        let decryptor = Arc::clone(&decryptor);
        async move { Ok::<_, lambda_runtime::Error>(decryptor.handle(&event.payload).await) }
    }))
    .await
}
