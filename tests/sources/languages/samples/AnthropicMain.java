import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;

public class AnthropicMain {
    public static void main(String[] args) {
        AnthropicClient client = AnthropicOkHttpClient.builder()
            .apiKey(System.getenv("ANTHROPIC_API_KEY"))
            .baseUrl("https://dashscope.aliyuncs.com/apps/anthropic")
            .build();
        MessageCreateParams params = MessageCreateParams.builder()
            .model("qwen-plus")
            .maxTokens(1024L)
            .addUserMessage("你是谁?")
            .build();
        System.out.println(client.messages().create(params));
    }
}
