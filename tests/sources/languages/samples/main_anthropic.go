package main

import (
	"context"
	"os"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"
)

func main() {
	client := anthropic.NewClient(
		option.WithAPIKey(os.Getenv("ANTHROPIC_API_KEY")),
		option.WithBaseURL("https://dashscope.aliyuncs.com/apps/anthropic"),
	)
	msg, _ := client.Messages.New(context.TODO(), anthropic.MessageNewParams{
		Model:     "qwen-plus",
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("你是谁?"))},
	})
	println(msg.Content[0].Text)
}
