"""Source files msv lexes (Java, Kotlin, Go, C#, PHP, Rust, ``.http``) that it cannot read to the end
get an *info* finding at the place it lost track: ``parse-error`` for an unclosed string, text
block, comment or bracket, ``unreadable-file`` for a NUL byte or a byte that is not UTF-8. Either way
the file still gets the loose-literal checks (here: a misspelt host on the last line), never a
traceback. Valid files with the constructs a naive lexer trips on stay silent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.api import run_check

BAD_HOST = '"https://dashscope.aliyun.com/compatible-mode/v1"'   # unknown-host, wherever it is
INPUT = {"parse-error", "unreadable-file"}

# (id, file, content, (rule, line, column, words in the message))
BROKEN: list[tuple[str, str, str | bytes, tuple[str, int, int, str]]] = [
    ("java-string", "A.java", f'class A {{\n  String u = "https://x;\n  String h = {BAD_HOST};\n}}\n',
     ("parse-error", 2, 14, "string opened here is not closed on its line")),
    ("java-text-block", "A.java", f'class A {{\n  String h = {BAD_HOST};\n  String b = """\n    {{"model": "qwen-plus"}}\n',
     ("parse-error", 3, 14, "text block")),
    ("java-comment", "A.java", f'class A {{\n  String h = {BAD_HOST};\n  /* TODO openai\n}}\n',
     ("parse-error", 3, 3, "comment")),
    ("java-brace", "A.java", f'class A {{\n  String h = {BAD_HOST};\n  void f() {{\n    if (x) {{\n}}\n',
     ("parse-error", 3, 12, "`{` opened here is never closed")),
    ("java-stray-closer", "A.java", f'class A {{\n  String h = {BAD_HOST};\n}}\n}}\n',
     ("parse-error", 4, 1, "closes nothing")),
    ("kotlin-raw", "A.kt", f'val h = {BAD_HOST}\nval b = """\n  openai\n', ("parse-error", 2, 9, "text block")),
    ("go-raw", "main.go", f'package main\n\nconst h = {BAD_HOST}\nconst b = `openai\n', ("parse-error", 4, 11, "raw string")),
    ("go-mismatch", "main.go", f'package main\n\nfunc main() {{\n\tx := []string{{{BAD_HOST})\n}}\n',
     ("parse-error", 4, 65, "does not close the `{`")),
    ("csharp-verbatim", "P.cs", f'class P {{\n  string h = {BAD_HOST};\n  string b = @"openai\n', ("parse-error", 3, 14, "verbatim")),
    ("csharp-raw", "P.cs", f'class P {{\n  string h = {BAD_HOST};\n  string b = """\n  openai\n', ("parse-error", 3, 14, "raw string")),
    ("php-string", "x.php", f"<?php\n$h = {BAD_HOST};\n$b = 'openai\n", ("parse-error", 3, 6, "string opened here is never closed")),
    ("php-heredoc", "x.php", f"<?php\n$h = {BAD_HOST};\n$b = <<<EOT\nopenai\n", ("parse-error", 3, 6, "heredoc")),
    ("rust-string", "main.rs", f'fn main() {{\n    let h = {BAD_HOST};\n    let b = "openai\n}}\n', ("parse-error", 3, 13, "never closed")),
    ("rust-raw", "main.rs", f'fn main() {{\n    let h = {BAD_HOST};\n    let b = r#"openai\n}}\n', ("parse-error", 3, 13, "raw string")),
    ("nul", "A.java", f'class A {{\n  String h = {BAD_HOST};\n  byte b = \x00;\n}}\n', ("unreadable-file", 3, 12, "NUL")),
    ("gbk", "A.java", f'// 百炼\nclass A {{ String h = {BAD_HOST}; }}\n'.encode("gbk"),
     ("unreadable-file", 1, 4, "not valid UTF-8")),
    ("latin1-http", "chat.http", f"# caf\xe9\nGET {BAD_HOST.strip(chr(34))}\nAuthorization: Bearer {{{{k}}}}\n".encode("latin-1"),
     ("unreadable-file", 1, 6, "not valid UTF-8")),
    ("http-json-body", "chat.http",
     f"POST {BAD_HOST.strip(chr(34))}/chat/completions\nAuthorization: Bearer {{{{k}}}}\n\n"
     '{"model": "qwen-plus", "messages": [\n', ("parse-error", 4, 36, "not valid JSON")),
]

# valid files a naive lexer gets wrong: nothing to report but the misspelt host
VALID: list[tuple[str, str, str]] = [
    ("rust-lifetimes-and-multiline", "main.rs",
     f"struct S<'a, 'b> {{ x: &'a str, y: &'b str }}\nfn f<'a>(x: &'a str) -> &'a str {{ 'outer: loop {{ break 'outer; }} x }}\n"
     f'fn main() {{\n    let c = \'{{\';\n    let s = "a\n    multi-line {{ string";\n    let r = r#"raw "{{" "#;\n'
     f"    let h = {BAD_HOST};\n}}\n"),
    ("php-html-and-multiline", "page.php",
     f"<html><p>Don't {{ worry</p>\n<?php $s = 'a\nmulti-line {{ string'; // a comment ?> <b>it's (fine</b>\n"
     f"<?php $h = {BAD_HOST}; ?>\n</html>\n"),
    ("csharp-ifdef-and-raw", "P.cs",
     'class P {\n#if NET8_0\n  void F() {\n#else\n  void F(int x) {\n#endif\n  }\n'
     f'  string r = """\n    {{ "model": "qwen-plus" }}\n    """;\n  string i = $"""{{x}} {{{{"""\n;  string v = @$"{{x}}\\";\n'
     f"  string h = {BAD_HOST};\n}}\n"),
    ("java-text-block-escapes", "A.java",
     f'class A {{\n  String b = """\n    a \\""" quote {{ inside\n    """;\n  char c = \'{{\';\n  char q = \'"\';\n'
     f"  String h = {BAD_HOST};\n}}\n"),
    ("kotlin-templates", "A.kt",
     f'val m = mapOf("k" to 1)\nval t = "${{m["k"]}} and ${{if (true) "x" else "y"}}"\nval h = {BAD_HOST}\n'),
    ("go-runes-and-tags", "main.go",
     f"package main\n\ntype T struct {{\n\tA string `json:\"a{{\"`\n}}\n\nvar r = '\"'\nvar q = '{{'\nconst h = {BAD_HOST}\n"),
    ("http-templated-body", "chat.http",
     f"POST {BAD_HOST.strip(chr(34))}/chat/completions\nAuthorization: Bearer {{{{k}}}}\n\n"
     '{"model": "qwen-plus", "temperature": {{temperature}}, "messages": []}\n'),
]


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, path, content, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_file_msv_cannot_read_to_the_end_is_an_info_finding(tmp_path: Path, name: str, path: str,
                                                              content: str | bytes,
                                                              expected: tuple[str, int, int, str]) -> None:
    _write(tmp_path, path, content)
    report = run_check([str(tmp_path)], isolated=True)
    rule, line, column, words = expected
    got = [f for f in report.findings if f.rule in INPUT]
    assert [(f.rule, f.loc.line, f.loc.column, f.severity.name) for f in got] == [(rule, line, column, "INFO")], \
        [(f.rule, str(f.loc), f.message) for f in report.findings]
    assert words in got[0].message
    # the loose-literal checks still read it: the misspelt host is reported where it is written
    assert any(f.rule == "unknown-host" for f in report.findings), [(f.rule, str(f.loc)) for f in report.findings]


@pytest.mark.parametrize("name, path, content", VALID, ids=[v[0] for v in VALID])
def test_valid_files_a_naive_lexer_trips_on_stay_silent(tmp_path: Path, name: str, path: str, content: str) -> None:
    _write(tmp_path, path, content)
    report = run_check([str(tmp_path)], isolated=True)
    assert not [f for f in report.findings if f.rule in INPUT], [(f.rule, str(f.loc), f.message) for f in report.findings]
    assert [f.rule for f in report.findings if f.rule != "shared-endpoint"] == ["unknown-host"], \
        [(f.rule, str(f.loc), f.message) for f in report.findings]


def test_the_json_output_keeps_its_shape(tmp_path: Path) -> None:
    import json

    from validator.report import render
    from validator.rules.registry import all_rules

    _write(tmp_path, "A.java", f'class A {{\n  String u = "https://x;\n  String h = {BAD_HOST};\n}}\n')
    report = run_check([str(tmp_path)], isolated=True)
    doc = json.loads(render("json", report, {r.name: r for r in all_rules()}, color=False, root=str(tmp_path)))
    f = next(f for f in doc["findings"] if f["rule"] == "parse-error")
    assert (f["code"], f["severity"], f["line"], f["column"]) == ("MS901", "info", 2, 14)
    assert doc["summary"]["info"] >= 1
