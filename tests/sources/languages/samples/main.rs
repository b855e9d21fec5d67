use async_openai::{config::OpenAIConfig, Client};

#[tokio::main]
async fn main() {
    let config = OpenAIConfig::new()
        .with_api_key(std::env::var("DASHSCOPE_API_KEY").unwrap())
        .with_api_base("https://dashscope.aliyuncs.com/compatible-mode/v1");
    let client = Client::with_config(config);
    println!("{:?}", client);
}
