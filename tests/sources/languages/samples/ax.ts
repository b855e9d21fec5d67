import axios from "axios";

const res = await axios.post("https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions",
  { model: "qwen-plus", messages: [{ role: "user", content: "hi" }] },
  { headers: { Authorization: `Bearer ${process.env.DASHSCOPE_API_KEY}` } });
