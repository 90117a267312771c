#!/usr/bin/env python3
"""Runs every `clv ...` command written in README.md and docs/*.md, and checks every link
between those pages.

Usage: tests/docs_run.py path/to/clv [FILE.md ...]

Commands are the lines of fenced code blocks and of indented (4-space) blocks that start with
`clv ` and a word or option (after an optional `$ ` prompt), joined over trailing `\\` continuations. Each page gets
a fresh copy of the checkout (the files `git ls-files` lists, copied into a temporary
directory, with ../shared beside it as a symlink when the checkout has one; CLV_SHARED_DIR
overrides where it is looked for). The page's commands run in order from the copy's root with
bash (with pipefail), the built clv first on PATH and standard input empty, so a command may use a file an
earlier one on the same page wrote. A command ending in `# exits N` must exit N; every other
must exit 0. Commands that name ../shared are skipped, with a count, when it is absent.

Links: every relative link in those pages must name a file of the checkout (or one on disk), and a `#anchor`
must name a heading (GitHub's slug) of the target page.

Exit 0 when everything passes; 1 with one block per failure (FILE:LINE, the command, its exit
code and the last lines of its stderr).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TIMEOUT_SECONDS = 300
EXITS = re.compile(r"#\s*exits\s+(\d+)\s*$")
COMMAND = re.compile(r"^(\$ )?clv\s+[-A-Za-z]")  # not "clv = margin x ..." in a formula
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def extract_commands(path):
    """(line number, command text) for every clv command of a Markdown page."""
    commands = []
    in_fence = False
    pending = None  # [line, text] of a command continued with a trailing backslash
    previous_blank = True
    in_indented = False
    with open(path, encoding="utf-8") as page:
        lines = page.read().split("\n")
    for number, raw in enumerate(lines, start=1):
        if FENCE.match(raw):
            in_fence = not in_fence
            pending = None
            continue
        blank = raw.strip() == ""
        if not in_fence:
            # An indented code block starts after a blank line (or continues one).
            if raw.startswith("    ") and (previous_blank or in_indented):
                in_indented = True
            elif not blank:
                in_indented = False
            previous_blank = blank
        code = in_fence or (in_indented and raw.startswith("    "))
        if not code:
            pending = None
            continue
        text = raw.strip()
        if pending is not None:
            pending[1] += " " + text
        elif COMMAND.match(text):
            pending = [number, text[2:] if text.startswith("$ ") else text]
        else:
            continue
        if pending[1].endswith("\\"):
            pending[1] = pending[1][:-1].rstrip()
            continue
        commands.append((pending[0], pending[1]))
        pending = None
    return commands


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    found = set()
    counts = {}
    in_fence = False
    with open(path, encoding="utf-8") as page:
        for line in page:
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if heading:
                base = slug(heading.group(1))
                count = counts.get(base, 0)
                counts[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
            for explicit in re.findall(r"<a\s+(?:id|name)=\"([^\"]+)\"", line):
                found.add(explicit)
    return found


def check_links(root, page, tracked):
    """Problems with the relative links of one page, as 'FILE:LINE: message'."""
    problems = []
    relative_page = os.path.relpath(page, root)
    in_fence = False
    with open(page, encoding="utf-8") as text:
        for number, line in enumerate(text, start=1):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence or line.startswith("    "):
                continue
            for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                    continue  # http:, https:, mailto:
                file_part, _, anchor = target.partition("#")
                if file_part:
                    resolved = os.path.normpath(os.path.join(os.path.dirname(relative_page), file_part))
                else:
                    resolved = relative_page
                on_disk = os.path.exists(os.path.join(root, resolved))  # a page not yet committed
                if resolved not in tracked and not on_disk and not any(t.startswith(resolved + "/") for t in tracked):
                    problems.append(f"{relative_page}:{number}: link to '{target}': no file {resolved} in the checkout")
                    continue
                if anchor and resolved.endswith(".md") and anchor not in anchors(os.path.join(root, resolved)):
                    problems.append(f"{relative_page}:{number}: link to '{target}': {resolved} has no heading "
                                    f"with anchor #{anchor}")
    return problems


def fresh_copy(root, tracked, shared):
    """A temporary directory holding clv/ (the tracked files) and shared -> ../shared."""
    base = tempfile.mkdtemp(prefix="clv-docs-")
    copy = os.path.join(base, "clv")
    for name in tracked:
        source = os.path.join(root, name)
        if not os.path.isfile(source):
            continue  # deleted in the work tree but not yet committed
        target = os.path.join(copy, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target)
    if shared:
        os.symlink(shared, os.path.join(base, "shared"))
    return base, copy


def tail(text, lines=6):
    kept = text.rstrip("\n").split("\n")[-lines:]
    return "\n".join("      " + line for line in kept if line) or "      (empty)"


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True,
                             text=True).stdout.split("\0")
    tracked = [name for name in tracked if name]
    tracked_set = set(tracked)
    if len(sys.argv) > 2:
        pages = [os.path.abspath(p) for p in sys.argv[2:]]
    else:
        pages = [os.path.join(root, "README.md")] + sorted(
            os.path.join(root, name) for name in tracked
            if name.startswith("docs/") and name.endswith(".md") and "/" not in name[5:])
    shared = os.environ.get("CLV_SHARED_DIR") or os.path.join(os.path.dirname(root), "shared")
    shared = os.path.abspath(shared) if os.path.isdir(shared) else None

    env = dict(os.environ)
    env["PATH"] = os.path.dirname(binary) + os.pathsep + env.get("PATH", "")
    env.pop("CLV_UPDATE_GOLDEN", None)
    env["CI"] = env.get("CI", "1")  # no progress lines in captured stderr

    failures = []
    ran = skipped = 0
    for page in pages:
        relative = os.path.relpath(page, root)
        failures.extend(check_links(root, page, tracked_set))
        commands = extract_commands(page)
        if not commands:
            continue
        base, copy = fresh_copy(root, tracked, shared)
        try:
            for line, command in commands:
                if "../shared" in command and not shared:
                    skipped += 1
                    continue
                expected = EXITS.search(command)
                expected_code = int(expected.group(1)) if expected else 0
                try:
                    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=copy, env=env,
                                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                            errors="replace", timeout=TIMEOUT_SECONDS)
                    code = result.returncode
                    stderr = result.stderr
                except subprocess.TimeoutExpired:
                    code, stderr = "timeout", f"still running after {TIMEOUT_SECONDS} s"
                ran += 1
                if code != expected_code:
                    failures.append(f"{relative}:{line}: {command}\n    exit {code} (expected {expected_code}); "
                                    f"stderr ends:\n{tail(stderr)}")
        finally:
            shutil.rmtree(base, ignore_errors=True)

    for failure in failures:
        print(failure)
    note = f", {skipped} skipped (../shared absent)" if skipped else ""
    print(f"docs: {ran} commands run{note}, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
