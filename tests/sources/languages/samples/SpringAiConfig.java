import org.springframework.ai.openai.api.OpenAiApi;
import com.alibaba.cloud.ai.dashscope.api.DashScopeApi;

public class SpringAiConfig {
    OpenAiApi openAiApi() {
        return OpenAiApi.builder()
            .baseUrl("https://dashscope.aliyuncs.com/compatible-mode")
            .apiKey(System.getenv("DASHSCOPE_API_KEY"))
            .build();
    }

    DashScopeApi dashScopeApi() {
        return DashScopeApi.builder()
            .apiKey(System.getenv("AI_DASHSCOPE_API_KEY"))
            .baseUrl("https://dashscope.aliyuncs.com")
            .build();
    }
}
