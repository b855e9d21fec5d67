using System;
using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

class Program
{
    static void Main()
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri("https://dashscope.aliyuncs.com/compatible-mode/v1"),
        };
        var client = new ChatClient(
            model: "qwen-plus",
            credential: new ApiKeyCredential(Environment.GetEnvironmentVariable("DASHSCOPE_API_KEY")),
            options: options);
        Console.WriteLine(client.CompleteChat("你是谁?").Value.Content[0].Text);
    }
}
