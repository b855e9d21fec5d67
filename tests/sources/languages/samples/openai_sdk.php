<?php
require 'vendor/autoload.php';

$client = OpenAI::factory()
    ->withApiKey(getenv('DASHSCOPE_API_KEY'))
    ->withBaseUri('dashscope.aliyuncs.com/compatible-mode/v1')
    ->make();

$result = $client->chat()->create([
    'model' => 'qwen-plus',
    'messages' => [['role' => 'user', 'content' => '你是谁?']],
]);
echo $result->choices[0]->message->content;
