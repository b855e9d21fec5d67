import com.openai.client.okhttp.OpenAIOkHttpClient
import com.openai.models.chat.completions.ChatCompletionCreateParams

fun main() {
    val client = OpenAIOkHttpClient.builder()
        .apiKey(System.getenv("DASHSCOPE_API_KEY"))
        .baseUrl("https://dashscope-intl.aliyuncs.com/compatible-mode/v1")
        .build()
    val params = ChatCompletionCreateParams.builder()
        .addUserMessage("Who are you?")
        .model("qwen-plus")
        .temperature(0.7)
        .build()
    println(client.chat().completions().create(params))
}
