"""Input and tool problems: the file could not be read, parsed, or a suppression is stale.

These rules carry metadata only: the sources and the engine emit their findings.
"""

from validator.model import Severity

from .registry import meta

PARSE_ERROR = meta(
    "MS901", "parse-error", Severity.ERROR,
    "The file could not be parsed (YAML, JSON, TOML, dotenv, shell or code), so its configuration was not checked.",
    family="input",
    doc="""
    ## What it checks
    A configuration file that msv reads (YAML, JSON/JSONC, TOML, dotenv, shell, source code) that
    its parser rejects, or that is too deeply nested or expands to too much data (YAML alias bombs).
    In Java, Kotlin, Go, C#, PHP and Rust files (read with msv's own lexer) and `.http` request
    bodies it is an *info*, at the place msv lost track: a string, text block, raw string,
    heredoc or comment never closed, a bracket that does not pair, a JSON body that does not
    parse. The rest of such a file is still checked (loose URLs and keys everywhere in it).

    ## Why
    The client reading the same file fails too, often silently (Qwen Code renames a broken
    `settings.json` to `settings.json.corrupted`; Claude Code ignores it), so the Model Studio
    settings in it never take effect.

    ## Example
    ```json
    { "env": { "ANTHROPIC_BASE_URL": "https://dashscope.aliyuncs.com/apps/anthropic", } }
    ```
    (trailing comma in a strict JSON file)

    ```java
    String url = "https://dashscope.aliyuncs.com/compatible-mode/v1;   // info: not closed on its line
    ```

    ## Fix
    Correct the syntax at the reported line and column.
    """,
)

UNREADABLE_FILE = meta(
    "MS902", "unreadable-file", Severity.WARNING,
    "The file could not be read (permissions, broken link, binary or not UTF-8).",
    family="input",
    doc="""
    ## What it checks
    A file msv was asked to check, or found while walking, that it cannot read as text:
    permission denied, a broken symbolic link, binary content, or an encoding that is not UTF-8.
    A Java, Kotlin, Go, C#, PHP, Rust or `.http` file with a NUL byte or a byte that is not
    UTF-8 (a GBK comment) is read anyway with that byte replaced: an *info* at its line.

    ## Why
    msv cannot tell whether such a file holds a Model Studio configuration; the rest of the tree is
    still checked.

    ## Example
    `config/.env` with mode 000, or a `.env` saved as UTF-16.

    ## Fix
    Make the file readable, save it as UTF-8, or exclude it (`--exclude`, `.gitignore`).
    """,
)

FILE_TOO_LARGE = meta(
    "MS903", "file-too-large", Severity.INFO,
    "The file is larger than the size limit and was skipped.",
    family="input",
    doc="""
    ## What it checks
    Files larger than `max-file-size` (default 2 MiB) are not parsed.

    ## Why
    Configuration files are small; large files are data, bundles or logs, and parsing them would
    cost time and memory for nothing.

    ## Example
    A 40 MB `dump.json` in the repository.

    ## Fix
    Nothing, if the file holds no client configuration. Otherwise raise the limit with
    `--max-file-size` or `max-file-size` in `[tool.msv]`.
    """,
)

FILE_TOO_SLOW = meta(
    "MS905", "file-too-slow", Severity.INFO,
    "Reading the file took longer than the per-file time limit; it was skipped.",
    family="input",
    doc="""
    ## What it checks
    Every reader and finder msv runs over file content is linear in the file's size, and files
    over `max-file-size` are not read; as a last bound, a file whose reading takes longer than
    the per-file time limit (5 s, `validator/limits.py`) is abandoned.

    ## Why
    A repository under check may hold a file built to make a parser slow; one such file must not
    stall a CI job. The rest of the tree is still checked.

    ## Example
    A machine-generated 2 MB single-line `app.ts` on an overloaded runner.

    ## Fix
    Nothing, if the file holds no client configuration. Otherwise exclude generated files
    (`--exclude`) or split the file; please report a small file that triggers this.
    """,
)

UNTRUSTED_SETTING = meta(
    "MS906", "untrusted-setting", Severity.WARNING,
    "A repository's settings ask for something only you may decide; that part was ignored.",
    family="input",
    doc="""
    ## What it checks
    What a repository supplies (its `.msv.toml`, `msv.toml` or `[tool.msv]`, the catalogue
    extensions those name) may tune what msv reports, never where a key is sent, which files
    outside the repository are read, or which regular expression runs. A catalogue extension
    named by the repository's settings is skipped, with this finding at the place msv refused,
    when it lies outside the settings' folder or is not a regular file (a FIFO, `/dev/zero`), is
    too large, writes a section that changes where keys or fixes go (`clients`, `probes`,
    `typos`, `regions`…), replaces a host the catalogue already has, or gives a pattern that is
    not literal text. Hosts such an extension adds are known to `msv check` but never probed.

    ## Why
    msv runs in CI on pull requests from forks, holding your key. A fork that could add a host
    to the probe's destinations, or a regular expression that backtracks for minutes, would
    steer msv; see README "Security".

    ## Example
    ```toml
    # .msv.toml in a pull request
    catalogues = ["/etc/shadow", "ext/evil.yaml"]
    ```

    ## Fix
    Keep extensions inside the repository and within what a repository may say. To trust one
    fully, pass it yourself: `--catalogue FILE`, or `catalogues = [...]` in
    `~/.config/msv/config.toml`.
    """,
)

UNUSED_SUPPRESSION = meta(
    "MS904", "unused-suppression", Severity.WARNING,
    "A `msv: ignore[...]` comment suppresses nothing.",
    family="input",
    fixable="safe",
    doc="""
    ## What it checks
    An inline suppression (`# msv: ignore[rule-name]`) on a line where that rule reports nothing.

    ## Why
    Stale suppressions hide the next real problem on that line.

    ## Example
    ```dotenv
    OPENAI_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1  # msv: ignore[unknown-host]
    ```

    ## Fix
    Remove the comment, or the rule name from it.
    """,
)
