"""When the system refuses a file, the reader is told why in their own language.

The operating system's own text (``No such file or directory``) is English whatever the
reader chose; every command that reads or writes a file says it with the catalogue's
words instead (:func:`sim.errors.system_reason`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from sim.cli import main
from sim.errors import system_reason

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
DRILL = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"

REFUSALS = [errno.ENOENT, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR, errno.ENOSPC,
            errno.ENAMETOOLONG, errno.EROFS, errno.ELOOP, errno.EIO]


@pytest.mark.parametrize("number", REFUSALS, ids=errno.errorcode.get)
def test_every_refusal_of_the_system_reads_in_chinese_without_the_systems_english(number):
    reason = system_reason(OSError(number, os.strerror(number)))
    assert os.strerror(number) not in reason.zh
    assert not any("a" <= c.lower() <= "z" for c in reason.zh), reason.zh


def test_refusals_of_different_kinds_are_told_apart():
    said = {system_reason(OSError(n, os.strerror(n))).zh for n in REFUSALS}
    assert len(said) == len(REFUSALS) - 1  # EACCES and EPERM are both "no permission"


def test_a_missing_name_is_the_directory_when_writing_and_the_file_when_reading():
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory")
    assert system_reason(missing, writing=True).en == "the directory to write into does not exist"
    assert system_reason(missing).en == "no such file or directory"


def test_a_refusal_without_a_known_number_still_reads_in_the_readers_language():
    assert system_reason(OSError(errno.EIO, "Input/output error")).zh == f"操作系统拒绝了此操作（错误号 {errno.EIO}）"
    assert system_reason(OSError("something")).zh == "操作系统拒绝了此操作"
    assert system_reason(ValueError("embedded null byte")).zh == "文件名中有系统不接受的字符"


@pytest.mark.parametrize("argv, what, suffix", [
    (["run", str(SCENARIO), "--seed", "1", "--out"], "无法写入：", ".csv"),
    (["sweep", str(TEMPLATE), "--seed", "1", "--runs", "1", "--out"], "无法写入：", ".csv"),
    (["drill", "script", str(DRILL), "--out"], "无法写入演练脚本：", ".md"),
], ids=lambda v: v[0] if isinstance(v, list) else "")
def test_an_output_that_cannot_be_written_says_why_in_chinese(tmp_path, capsys, argv, what, suffix):
    out = tmp_path / "no-such-dir" / f"out{suffix}"
    assert main(["--lang", "zh", *argv, str(out)]) == 2
    assert capsys.readouterr().err == f"{out}: {what}要写入的目录不存在\n"
    directory = tmp_path / f"taken{suffix}"
    directory.mkdir()
    assert main(["--lang", "zh", *argv, str(directory)]) == 2
    assert capsys.readouterr().err == f"{directory}: {what}这是一个目录，不是文件\n"


def test_an_output_the_system_forbids_says_permission_is_denied(tmp_path, capsys, monkeypatch):
    def forbidden(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "write_text", forbidden)
    out = tmp_path / "out.json"
    assert main(["--lang", "zh", "run", str(SCENARIO), "--seed", "1", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"{out}: 无法写入：没有权限\n"


def test_a_drill_script_that_is_missing_or_not_a_workbook_is_refused_in_chinese(tmp_path, capsys):
    missing = tmp_path / "msel.xlsx"
    assert main(["--lang", "zh", "drill", "import-msel", str(DRILL), str(missing)]) == 2
    assert capsys.readouterr().err == f"{missing}: 没有这个文件\n"
    missing.write_text("序号,时间\n", encoding="utf-8")
    assert main(["--lang", "zh", "drill", "import-msel", str(DRILL), str(missing)]) == 2
    err = capsys.readouterr().err
    assert err == f"{missing}: 不是 XLSX 工作簿，或工作簿已损坏；请在 Excel 或 WPS 中另存为 .xlsx 后再导入\n"
    assert "zip" not in err


def test_a_drill_script_given_as_a_pipe_or_a_device_is_refused_from_its_status_without_reading_it(tmp_path, capsys):
    pipe = tmp_path / "msel.xlsx"
    os.mkfifo(pipe)  # would block for ever, as /dev/zero would fill the memory, if read
    for given in (pipe, Path("/dev/zero")):
        assert main(["--lang", "en", "drill", "import-msel", str(DRILL), str(given)]) == 2
        assert capsys.readouterr().err == (f"{given}: not a regular file (a pipe, a device or a socket); "
                                           "give an XLSX workbook\n")
    assert main(["--lang", "zh", "drill", "import-msel", str(DRILL), str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{tmp_path}: 这是一个目录，应为 XLSX 工作簿\n"


def test_a_drill_script_larger_than_an_upload_may_be_is_refused_before_it_is_opened(tmp_path, capsys):
    from sim.inputs import MAX_BYTES

    big = tmp_path / "msel.xlsx"
    big.write_bytes(b"PK" + b"\0" * MAX_BYTES)
    assert main(["--lang", "en", "drill", "import-msel", str(DRILL), str(big)]) == 2
    assert capsys.readouterr().err == f"{big}: file is {MAX_BYTES + 2:,} bytes; the limit is {MAX_BYTES:,} bytes\n"


def test_an_input_file_the_system_refuses_says_why_in_chinese(capsys):
    long = "x" * 300 + ".yaml"
    assert main(["--lang", "zh", "validate", long]) == 2
    assert capsys.readouterr().err == f"{long}: 无法读取：文件名太长\n"


@pytest.mark.parametrize("argv", [
    ["validate"], ["lint"], ["run", "--seed", "1"], ["classify"], ["check", "--date", "2023-04-05", "--activity",
                                                                   "fireworks", "--plans"],
], ids=lambda argv: argv[0])
def test_a_file_that_is_a_loop_of_symbolic_links_is_refused_at_its_name_in_the_readers_language(tmp_path, capsys,
                                                                                                argv):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.symlink_to(second)
    second.symlink_to(first)
    assert main(["--lang", "zh", *argv, str(first)]) == 2
    assert capsys.readouterr().err == f"{first}: 无法读取：符号链接绕成了一个圈，指不到任何文件\n"


def test_an_output_named_by_a_loop_of_symbolic_links_is_refused_or_replaced_never_a_traceback(tmp_path, capsys):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.symlink_to(second)
    second.symlink_to(first)
    assert main(["--lang", "en", "run", str(SCENARIO), "--seed", "1", "--out", str(first)]) == 2
    assert capsys.readouterr().err == (f"{first}: cannot write: the symbolic links loop back on themselves and "
                                       "lead to no file\n")
    # a sweep writes beside its output and renames the rows onto it: the link is replaced by the file
    assert main(["--lang", "en", "sweep", str(TEMPLATE), "--seed", "1", "--runs", "1", "--no-progress",
                 "--out", str(first)]) == 0
    assert first.is_file() and not first.is_symlink() and first.read_text(encoding="utf-8-sig").startswith("replication")


def test_a_file_whose_name_holds_a_terminals_control_characters_is_named_with_them_escaped(tmp_path, capsys):
    named = tmp_path / "\x1b[2J\x1b[31mplan\r\u202e.yaml"  # clear the screen, turn red, go back, turn round
    named.write_text("id: [\n", encoding="utf-8")
    assert main(["--lang", "en", "validate", str(named)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{tmp_path}/\\x1b[2J\\x1b[31mplan\\r\\u202e.yaml:2:1: YAML syntax error"), err
    assert not any(c in err for c in "\x1b\r\u202e")


def test_a_failed_connection_is_told_by_the_systems_own_refusal_beneath_the_librarys_english():
    import socket

    from sim.errors import connection_reason

    def wrapped(inner: BaseException) -> OSError:
        try:
            try:
                raise inner
            except BaseException as cause:
                raise OSError("Timed out trying to connect to tcp://127.0.0.1:1 after 10 s") from cause
        except OSError as outer:
            return outer

    refused = connection_reason(wrapped(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")))
    assert refused.zh == "对方拒绝连接：该地址和端口上没有服务在运行"
    unknown = connection_reason(wrapped(socket.gaierror(socket.EAI_NONAME, "Name or service not known")))
    assert unknown.zh == "找不到这个主机名"
    assert connection_reason(wrapped(TimeoutError())).zh == "连接超时，对方没有应答"
    assert connection_reason(RuntimeError("something else")).zh == "无法建立连接（请检查地址、端口以及服务是否在运行）"
