"""Every text the product shows a person, in Chinese and in English: one catalogue.

Users read Chinese first; trainers and visitors may read English. So every label, notice
and error message is an entry here, a key with a Chinese and an English text, and every
face (the app, the command line, drill reports, loader and lint errors) takes its words
from here: a text is translated once, and a missing translation is a missing key, which
fails in tests rather than showing a user the other language.

Placeholders use :meth:`str.format` names, and one more format: ``{n:file|files}`` is the
word before the bar when ``n`` is 1 and the one after it otherwise, so an English text
agrees with its count (``{n} {n:file|files} valid``: "1 file valid", "2 files valid");
Chinese counts without plurals and needs none. :func:`text` picks one language;
:class:`Message` is a message with its values filled in that still knows both languages,
for errors that are raised in one place and shown (in the reader's language) in another.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

#: The languages a reader can choose; Chinese first.
LANGUAGES = ("zh", "en")
#: What a reader who chose neither sees: both, Chinese first.
BOTH = "both"
#: Between the two languages when both are shown.
SEPARATOR = " · "
#: Each language by its own name, as a reader looks for it.
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
#: Each language as a web page's ``lang`` attribute names it.
HTML_LANG = {"zh": "zh-CN", "en": "en"}

#: key -> (Chinese, English).
MESSAGES: dict[str, tuple[str, str]] = {
    # -- moments of a run (sim.clock)
    "clock.axis": ("情景时间", "Scenario time"),
    "clock.hours_minutes": ("{h} 小时 {m} 分钟", "{h} h {m} min"),
    "clock.hours": ("{h} 小时", "{h} h"),
    "clock.minutes": ("{m} 分钟", "{m} min"),
    # to the second, where a table needs it: the shorter 分 / m, as a time in hours, minutes and seconds reads
    "clock.hours_minutes_seconds": ("{h} 小时 {m} 分 {s} 秒", "{h} h {m} m {s} s"),
    "clock.minutes_seconds": ("{m} 分 {s} 秒", "{m} m {s} s"),
    "clock.seconds": ("{s} 秒", "{s} s"),
    "clock.not_a_time": ("时间应写作“月-日 时:分”或“某月某日 某时某分”，如 {example}，而不是 {value}",
        "a time is written MM-DD HH:MM, e.g. {example}, not {value}"),
    "clock.no_such_time": ("没有这个时间：{value}", "no such date or time: {value}"),
    # -- kinds of log entries (sim.event_kinds)
    "kind.inject": ("情景事件", "Scenario event"),
    "kind.classified": ("事件分级", "Classification"),
    "kind.declare": ("启动响应", "Response declared"),
    "kind.adjust": ("调整响应", "Response adjusted"),
    "kind.end": ("终止响应", "Response ended"),
    "kind.escalation": ("提请上级", "Escalation"),
    "kind.measure": ("响应措施", "Response measure"),
    "kind.repair": ("抢修", "Repair"),
    "kind.load": ("有序用电", "Load management"),
    "kind.supply": ("重要用户供电", "Key user supply"),
    "kind.fuel": ("备用燃料耗尽", "Backup fuel runs out"),
    "kind.incident": ("次生事件", "Secondary incident"),
    "kind.onset": ("事件发生", "Incident begins or ends"),
    "kind.fire": ("火情处置", "Fire"),
    "kind.report": ("信息报告", "Report"),
    "kind.enforcement": ("执法", "Enforcement"),
    "kind.warning": ("预警", "Warning"),
    "kind.response_action": ("启动响应后的行动", "Action once the response starts"),
    "kind.after_action": ("后期处置", "After-action"),
    "kind.duty": ("职责", "Duty"),
    "kind.other": ("其他", "Other"),
    # -- the command line's own words (sim.cli)
    "cli.description": ("推演：把应急预案写成带出处的 YAML 规则，推演事件如何展开。",
        "Tuiyan: run incidents through emergency plans encoded as cited YAML rules."),
    "cli.command.bench": ("基准测试：引擎（单次重复耗时、相对纯 SimPy 循环的事件速率）、预案加载与批量推演",
        "benchmark the engine (replication time, events/s against a bare SimPy loop), plan loading and sweeps"),
    "cli.command.check": ("某项活动在某日某地是否被禁止？（禁火通告）",
        "is an activity prohibited at a place on a day? (ban notices)"),
    "cli.command.classify": ("按应急预案判定事件数据的事件级别和响应级别",
        "classify an incident's figures under a response plan (severity and response level)"),
    "cli.command.compare": ("在 N 次重复上比较修改后的预案与原预案（模板情景每次抽取一起事件）",
        "compare a variant plan with the baseline over N replications (a template draws an incident for each)"),
    "cli.command.coverage": ("文件的每一条款由哪些规则落实，哪些条款没有",
        "which rules carry each clause of a plan's document, and which clauses none do"),
    "cli.command.drill": ("演练：参演人员按时钟扮演预案中的单位，按预案评分",
        "exercises: participants play the plan's units against the clock, scored against the plan"),
    "cli.command.lint": ("预案静态检查：级别之间的缺口和重叠、达不到的级别、无职责的单位等",
        "static checks of plans: gaps and overlaps between levels, unreachable levels, idle units, …"),
    "cli.command.run": ("按预案推演一个情景，输出摘要（按情景时钟）",
        "run a scenario through its plans and print a summary on the scenario's clock"),
    "cli.command.schema": ("输出预案、情景或区域文件的 JSON Schema（draft-07）",
        "print the JSON Schema (draft-07) of plan, scenario or area files"),
    "cli.command.sweep": ("推演一个情景 N 次（模板情景每次抽取一起事件，其他情景每次换一个种子）；每次重复一行 CSV/Parquet",
        "run a scenario N times (a template draws an incident each time, any other scenario gets a new seed); "
        "one CSV/Parquet row per replication"),
    "cli.command.validate": ("校验预案、情景和区域 YAML 文件",
        "validate plan, scenario and area YAML files"),
    "cli.command.zones": ("列出禁火通告划定的区域（`check --zone` 使用的标识）",
        "list the zones of the ban notices (ids for `check --zone`)"),
    "cli.usage": ("用法", "usage:"),
    "cli.positionals": ("位置参数", "positional arguments"),
    "cli.options": ("选项", "options"),
    "cli.help": ("显示本帮助并退出", "show this help message and exit"),
    "cli.lang": ("消息语言：zh 中文、en 英文、both 两者（默认）", "language of messages: zh, en or both (the default)"),
    "cli.required": ("必须给出", "required"),
    "cli.not_an_option": ("不是本命令的选项", "not an option of this command"),
    "cli.one_of_required": ("必须给出其中之一", "one of these is required"),
    "cli.whole_number": ("应为整数，实际为 {got}", "expected a whole number, got {got}"),
    "cli.at_least": ("至少为 {minimum}，实际为 {got}", "must be at least {minimum}, got {got}"),
    "cli.at_most": ("至多为 {maximum}，实际为 {got}", "must be at most {maximum}, got {got}"),
    "cli.resource_form": ("应写作 资源标识=数量（ID=N），实际为 {got}",
        "expected a resource id, =, and a count (ID=N), got {got}"),
    "cli.unknown_resource": ("情景不计数资源 '{resource}'；它计数的资源有：{names}",
        "the scenario counts no resource '{resource}'; it counts {names}"),
    "cli.at_most_cores": ("至多为 {cores}（本机的核数），实际为 {got}：进程多于核数只会相互争抢",
        "at most {cores}, the cores of this machine, got {got}: more processes than cores only compete for them"),
    "cli.files_valid": ("{n} 个文件有效", "{n} {n:file|files} valid"),
    "cli.plans_clean": ("{n} 个预案未发现问题", "{n} {n:plan|plans} clean"),
    # -- argparse's own messages, and the option types' (sim.command_line)
    "cli.invalid_choice": ("无效的取值 {got}（可选：{choices}）", "invalid choice: {got} (choose from {choices})"),
    "cli.expected_one": ("需要一个值", "expected one argument"),
    "cli.expected_at_most_one": ("至多给出一个值", "expected at most one argument"),
    "cli.expected_at_least_one": ("至少需要一个值", "expected at least one argument"),
    "cli.expected_n": ("需要 {n} 个值", "expected {n} {n:argument|arguments}"),
    "cli.invalid_value": ("应为{type}，实际为 {got}", "expected {type}, got {got}"),
    "cli.type.int": ("整数", "a whole number"),
    "cli.type.float": ("数值", "a number"),
    "cli.not_allowed_with": ("不能与 {other} 同时使用", "not allowed with argument {other}"),
    "cli.ignored_argument": ("此选项不带值，却给了 {got}", "ignored explicit argument {got}"),
    "cli.ambiguous": ("选项有歧义，可能是 {matches}", "ambiguous option: could match {matches}"),
    "cli.seed_negative": ("种子不能为负数，实际为 {got}", "a seed must not be negative, got {got}"),
    "cli.hours": ("应为小时数，实际为 {got}", "expected a number of hours, got {got}"),
    "cli.positive_hours": ("应为正的小时数，实际为 {got}", "expected a positive number of hours, got {got}"),
    "cli.number": ("应为数值，实际为 {got}", "expected a number, got {got}"),
    "cli.finite_number": ("应为有限的数值，实际为 {got}", "expected a finite number, got {got}"),
    "cli.id_value": ("应写作 标识=值（如 {example}），实际为 {got}", "expected ID=VALUE (e.g. {example}), got {got}"),
    "cli.date": ("日期应写作 YYYY-MM-DD，实际为 {got}", "expected a date as YYYY-MM-DD, got {got}"),
    "cli.unknown_benchmark": ("没有名为 {got} 的基准；可选：{known}", "unknown benchmark {got}; choose from {known}"),
    # -- every command's --help (sim.commands, sim.sweep.options, sim.fuzz)
    "cli.option.plan": ("替换情景中同一标识预案的预案文件（可重复）；其标识须是情景所列预案之一",
        "a plan file that replaces the scenario's plan of the same id (repeatable); its id must be one of the "
        "scenario's plans"),
    "cli.option.resource": ("把情景中某项资源的数量改为 N（可重复）",
        "set the scenario's count of a resource to N (repeatable)"),
    "cli.option.plans": ("预案文件或目录（默认：当前目录下的 plans/，否则为随附的 plans/）",
        "plan files or directories (default: plans/ here, else the shipped plans/)"),
    "cli.option.json": ("以 JSON 输出", "print the result as JSON"),
    "cli.run.about": ("按情景所列的预案在 SimPy 引擎上推演一个情景（plans/scenarios/*.yaml），输出摘要：关键时刻、各时段的"
        "响应级别、耗尽的备用电源、未落实的职责，时间按情景时钟给出。同一情景、预案和种子总是得出同一结果。推演完成返回 0，输入有误返回 2。",
        "Run a scenario (plans/scenarios/*.yaml) through the plans it names on the SimPy engine and print a summary: "
        "key times, response levels over time, backup power that ran dry, unmet duties, each at its scenario clock time. "
        "The same scenario, plans and "
        "seed always give the same result. Exit 0 on a run, 2 on bad input."),
    "cli.run.scenario": ("情景文件，如 plans/scenarios/winter-ice-storm.yaml",
        "scenario file, e.g. plans/scenarios/winter-ice-storm.yaml"),
    "cli.run.seed": ("随机数种子（≥ 0 的整数）", "random seed (an integer ≥ 0)"),
    "cli.run.replication": ("推演用同一 --seed 批量推演（sweep）时的第 I 次重复（默认 0）：模板情景为该行抽取的事件，"
        "其他情景为同一事件、以由 N 和 I 导出的引擎种子运行（第 0 次即种子 N）",
        "run replication I of a sweep with the same --seed (default 0): for a template scenario the incident drawn "
        "for that row, for any other scenario the same story under an engine seed derived from N and I (replication 0: "
        "seed N itself)"),
    "cli.run.until": ("推演 H 小时后停止（默认：情景的时间范围）", "stop after H hours (default: the scenario's horizon)"),
    "cli.run.out": ("把完整结果写入 JSON 文件", "write the full result as JSON"),
    "cli.sweep.about": ("推演一个情景 N 次，每次重复写一行结果。模板情景（如 plans/scenarios/random-blackout.yaml）每次"
        "抽取一起可能发生的事件，行中先写抽到的事件（cause … secondary 各列）；其他情景（如 "
        "plans/scenarios/grassland-fire-line-trip.yaml）每次以新的引擎种子推演同一事件，看火灾、过火面积、罚款和响应级别"
        "的分布，行中没有抽取的各列。第 i 次重复只取决于（种子, i），与 `run --seed S --replication i` 和 compare 的第 i 次"
        "重复相同：无论 --workers、--batch、--dask 如何，各行完全相同。--out 写出的 CSV 带 UTF-8 BOM，中文版 Excel 可直接打开。成功返回 0，输入有误或缺少可选依赖返回 2；"
        "被中断（Ctrl-C）时说明完成了多少次重复、没有写出完整的结果，返回 130。",
        "Run a scenario N times through its plans and write one row per replication with its outcome. A template "
        "scenario (e.g. plans/scenarios/random-blackout.yaml) draws a plausible incident each time, and its rows "
        "start with what was drawn (the cause … secondary columns); any other scenario (e.g. "
        "plans/scenarios/grassland-fire-line-trip.yaml) runs its one story under a new engine seed each time, to show "
        "the spread of fires, area burned, fines and levels, and its rows have no drawn columns. Replication i "
        "depends on (seed, i) only and is replication i of `run --seed S --replication i` and of compare: the rows are "
        "identical with any --workers, --batch or --dask. A CSV written with "
        "--out starts with a UTF-8 byte-order mark, so Excel opens it with its Chinese intact. Exit 0 on success, 2 "
        "on bad input or a missing optional dependency; interrupted (Ctrl-C), it says how many replications it "
        "finished and that nothing whole was written, and exits 130."),
    "cli.sweep.runs": ("重复次数（至多 1,000,000）", "number of replications (at most 1,000,000)"),
    "cli.sweep.seed": ("批量推演的种子；第 i 次重复只取决于 (S, i)", "sweep seed; replication i depends on (S, i) only"),
    "cli.sweep.workers": ("工作进程数，至多为本机核数（默认 1：在本进程中运行；与 --dask local 同用时每核一个）",
        "worker processes, at most the machine's cores (default 1: in this process; with --dask local: one per core)"),
    "cli.sweep.dask": ("在 Dask 上运行：'local' 启动由 --workers 个进程组成的 LocalCluster，其他值为调度器地址"
        "（需要 pip install 'tuiyan[dask]'）",
        "run on Dask: 'local' starts a LocalCluster of --workers processes, anything else is a scheduler address "
        "(needs: pip install 'tuiyan[dask]')"),
    "cli.sweep.batch": ("每个任务的重复次数（默认：按 N 和工作进程数选定）", "replications per task (default: chosen from N and the number of workers)"),
    "cli.sweep.no_progress": ("不在标准错误上显示进度条", "no progress bar on stderr"),
    "cli.sweep.out": ("把各行写入 FILE.csv（UTF-8 带 BOM，Excel 可直接打开）或 FILE.parquet，标识列之后附名称列，"
        "小时数列（…_at_h）之后附时钟日期时间列（…_at）（默认：只含标识和小时数的 CSV 输出到标准输出）；其他文件名被拒绝",
        "write the rows to FILE.csv (UTF-8 with a byte-order mark, for Excel) or FILE.parquet, with a column of "
        "names after each column of ids and a column of clock date-times (…_at) after each column of hours (…_at_h) "
        "(default: CSV of ids and hours on stdout); other names are refused"),
    "cli.sweep.columns": ("各列", "columns"),
    "cli.sweep.drawn_columns": ("cause 至 secondary 各列只出现在模板情景的行中（抽取的事件）；其他情景每次重复都是同一事件，"
        "其行在 seed 之后直接是 max_severity，--out 文件中的 …_at 列按情景的 start 换算",
        "the columns cause to secondary are in a template scenario's rows only (the incident drawn); any other "
        "scenario runs the same incident in every replication, so its rows go from seed straight to max_severity, "
        "and the …_at columns of an --out file count from the scenario's start"),
    "cli.compare.about": ("在 N 次重复上（模板情景每次抽取一起新事件），以共同随机数分别按原预案和修改后的预案文件（替换同一标识的预案）、--resource 给出的资源数量或两者推演，"
        "列出结果改变的重复（最高响应级别或任何一项指标不同）及各自改变了什么，以及配对差值及其 95 % 置信区间（均值 ± t(0.975, n−1)·sd/√n，精确的 Student t "
        "分布）。无论 --workers 或 --dask 如何，数字完全相同。成功返回 0，输入有误或缺少可选依赖返回 2；"
        "被中断（Ctrl-C）时说明完成了多少次重复、没有作出比较，返回 130。",
        "Run N replications (a template scenario draws a new incident for each) under the baseline plans and under a "
        "variant plan file (it replaces the plan of its id), the resource counts --resource gives, or both, on common "
        "random numbers, and print the replications "
        "whose outcome changed (the highest level or any measure) with what changed in each, and paired differences "
        "with 95 % confidence intervals (mean ± t(0.975, n−1)·sd/√n, exact Student t). The numbers are identical "
        "with any --workers or --dask. Exit 0 on success, 2 on bad input or a missing optional dependency; "
        "interrupted (Ctrl-C), it says how many replications it finished and that no comparison was made, and "
        "exits 130."),
    "cli.sweep.scenario": ("情景文件：模板情景每次重复抽取一起新事件，其他情景每次重复以新的种子推演同一事件",
        "a scenario file: a template draws a new incident per replication, any other scenario runs its story under a "
        "new seed per replication"),
    "cli.compare.plan": ("在原预案和修改后两组推演中都替换情景中同一标识预案的预案文件（可重复）；其标识须是情景所列预案之一",
        "a plan file that replaces the scenario's plan of the same id in both arms, the original and the edited "
        "(repeatable); its id must be one of the scenario's plans"),
    "cli.compare.variant": ("修改后的预案（与所改预案同一标识）", "the edited plan (same id as the plan it changes)"),
    "cli.compare.resource": ("修改后一方某项资源的数量（可重复）；原预案一方保持情景中的数量，如假设分析页的资源数量栏",
        "the edited arm's count of a resource (repeatable); the original keeps the scenario's count, as the What-if "
        "page's resource fields do"),
    "cli.compare.nothing": ("至少给出 --variant 或 --resource 之一：否则两方完全相同，没有可比较的",
        "give --variant or --resource, or both: otherwise the two arms are the same and there is nothing to compare"),
    "cli.bench.about": ("运行 sim.bench 的基准测试：随附的冬季冰冻情景重复 --runs 次，以及同一进程中事件数相同的纯 SimPy 循环；"
        "输出 replication_ms_median 和 engine_vs_simpy_ratio（引擎与纯循环每秒事件数之比）等。loading 一节用 C 加速和纯 "
        "Python 的 YAML 解析器各加载最长的随附预案 20 次：plan_load_ms_median（目标 ≤ 40 ms）、"
        "plan_load_pure_python_ms_median。whatif 一节按“假如”页面的方式计时 1,000 对 random-blackout 模板的配对重复"
        "（whatif_pairs_s，2 进程的本地进程池）。drill 一节在日志每次变化（行动、时钟推进）后评估一次已演完的冬季冰冻演练，按评估先后分成四段："
        "页面方式每次评估的 CPU 时间（实时回放从上次评估处继续运行，随之保留的评估只重评变化部分；drill_assess_ms_q*，"
        "不随演练变长而增加），对比在同一回放上整体重评（drill_rejudge_ms_q*）和从第 0 小时重新回放评估（drill_fresh_ms_q*）。sweep 一节把 random-blackout 模板的 --sweep-runs 次重复分别串行、在 2 个进程上、在 Dask "
        "LocalCluster 上运行：sweep_parallel_efficiency、sweep_10k_s、peak_rss_mb、dask_vs_pool_ratio。--only NAME 只运行一节。",
        "Run the benchmarks of sim.bench: the shipped winter ice storm replicated --runs times, and a bare SimPy loop "
        "with as many events in the same process. Prints replication_ms_median and engine_vs_simpy_ratio (engine "
        "events/s over bare-loop events/s) among others. The loading section loads the longest shipped plan 20 times "
        "with the C-accelerated YAML parser and with the pure-Python one: plan_load_ms_median (target <= 40 ms), "
        "plan_load_pure_python_ms_median. The whatif section times 1,000 paired replications of the random-blackout "
        "template as the What-if page runs them (whatif_pairs_s, on a local pool of 2). The drill section assesses a "
        "played winter ice storm at each moment its log changed (an action, a clock step), the assessments split "
        "into quarters in order: the CPU time of an assessment as a page makes it, the live replay running on from "
        "the last one and the evaluation kept with it judging only what changed (drill_assess_ms_q*, flat as the "
        "drill grows), against judging the whole evaluation again on that replay (drill_rejudge_ms_q*) and an "
        "assessment replayed from hour 0 (drill_fresh_ms_q*). The sweep section runs --sweep-runs replications of the random-blackout template "
        "serially, on 2 processes and on a Dask LocalCluster: sweep_parallel_efficiency, sweep_10k_s, peak_rss_mb, "
        "dask_vs_pool_ratio. --only NAME runs one section."),
    "cli.bench.runs": ("每项基准的重复次数（默认 200，至多 1,000,000）", "replications per benchmark (default 200, at most 1,000,000)"),
    "cli.bench.sweep_runs": ("批量推演基准的重复次数（默认 10,000，至多 1,000,000；串行、2 进程池和 Dask 各一次）",
        "replications of the sweep benchmark (default 10,000, at most 1,000,000; serial, a pool of 2 and Dask)"),
    "cli.bench.only": ("只运行名为 NAME 的一节基准：{names} 之一", "run only the benchmark NAME, one section: one of {names}"),
    "cli.check.about": ("对某日某地的某项活动适用全部禁火通告（kind: ban_notice）：适用的规定（条款、原文、为何当日适用——"
        "使其生效的时段及其日期，或自通告施行之日起每天——和处罚，每项处罚附条款；通告未规定处罚的，说明这一点并列出其所依据的"
        "法律法规）、当日有效的时段和要求、联系电话和执法单位。地点为一个区域（见 `python -m sim zones`）及距其边缘的距离；"
        "未指定区域时，是否禁止取决于地点，每条规定说明它在哪里适用；某条规定在此地适用但当日不在其时段内时，说明它何时适用。"
        "通告自施行之日起适用。无论是否禁止均返回 0，输入有误返回 2。",
        "Apply every ban notice (kind: ban_notice) to one activity at one place on one day: the rules that apply with "
        "clause, quote, why that day (the period that puts the rule in force, with its days, or every day since the "
        "notice took effect) and penalties, each with its clause (or, for a notice that sets none, that it sets none and "
        "the laws it rests on), the periods and requirements in force, whom to call and who enforces. A place is a zone "
        "(see `python -m sim zones`) and the distance outside its edge; without a zone the answer depends on the place, "
        "and each rule says where it holds; a rule that covers the place but not the day says when it holds. A notice "
        "applies from its effective date. Exit 0 whether or not prohibited, 2 for bad input."),
    "cli.check.date": ("日期", "the day"),
    "cli.check.activity": ("活动的标识或名称，如 fireworks、上坟烧纸、野外用火活动（其他野外用火）",
        "activity id or name, e.g. fireworks, 上坟烧纸, 野外用火活动 (any other outdoor fire)"),
    "cli.check.zone": ("地点所在区域的标识或名称（见 `python -m sim zones`）", "zone id or name of the place (see `python -m sim zones`)"),
    "cli.check.distance": ("距区域边缘外的米数（0 或不填：在区域内）", "metres outside the zone's edge (0 or omitted: inside the zone)"),
    "cli.classify.about": ("按应急预案（kind: response_plan）判定事件：其数据达到的事件级别（满足的最高级别为准）、由此启动的"
        "响应级别，以及作出判定的条款和原文。凡可能改变结论的、预案分级标准所用的数据都必须给出：缺少的数据会报错，并指出它"
        "可能决定的级别。不会改变结论的数据可以不给。得出结论（包括“未达分级标准”）返回 0，输入有误或缺少数据返回 2。",
        "Classify an incident under a response plan (kind: response_plan): the severity level its metrics meet (the "
        "most severe level met wins), the response level it starts, and the clauses and quotes that decided it. Every "
        "figure the plan's criteria test that could change the answer must be given: a missing one is an error that "
        "names it and the levels it could decide. Figures that cannot change the answer may be left out. Exit 0 on an "
        "answer (also 'below every level'), 2 for bad input or a missing figure."),
    "cli.classify.not_a_response_plan": ("{kind} 没有事件分级；classify 只判定响应预案（kind: response_plan）",
        "a {kind} has no severity levels; classify takes a response plan (kind: response_plan)"),
    "cli.classify.plan": ("响应预案文件，如 plans/guyang-blackout-2023.yaml", "response plan file, e.g. plans/guyang-blackout-2023.yaml"),
    "cli.classify.metric": ("事件的一项指标，以标识或名称（中文或英文，或仅一项指标的中文名称所含的一部分）写出，"
        "如 load_shed_pct=25 或 减供负荷比例=25；或某一范围电网的指标，如 load_shed_pct@capital_city=45；"
        "或某一范围内若干电网之一的指标，名称自取，如 load_shed_pct@other_city:tianshui=70 和 "
        "load_shed_pct@other_city:dingxi=10：由达到标准的最严重的电网决定（可重复）",
        "a metric of the incident, by its id or its name (Chinese or English, or the part of a Chinese name only "
        "one metric has), e.g. load_shed_pct=25 or 减供负荷比例=25, or of the grid of a scope, e.g. "
        "load_shed_pct@capital_city=45, or of one of several grids of a scope, named as you like, e.g. "
        "load_shed_pct@other_city:tianshui=70 and load_shed_pct@other_city:dingxi=10: the worst grid that "
        "qualifies decides (repeatable)"),
    "cli.classify.context": ("预案分级（或分级标准以下、由某单位决定是否启动的响应）所考察的一项类别事实，"
        "如按电网范围分级的预案中的 grid_scope=provincial（受影响的是省级电网；可重复）",
        "a categorical fact the plan's levels (or the response a unit may decide on below them) test, e.g. "
        "grid_scope=provincial (a provincial grid was hit) in a plan that grades by the grid's scope (repeatable)"),
    "cli.classify.grid_scope": ("受影响的电网范围（同 --context grid_scope=SCOPE）；若预案各行注明所读电网，未带 @SCOPE 的数据即属于该电网",
        "which grid was hit (same as --context grid_scope=SCOPE); with a plan whose rows name the grid they read, "
        "the figures given without @SCOPE are that grid's"),
    "cli.classify.grid_load_mw": ("事件前电网的负荷（同 --metric grid_load_mw=MW）", "the grid's load before the incident (same as --metric grid_load_mw=MW)"),
    "cli.classify.held_h": ("所给数据已持续的小时数，用于须持续一段时间的标准", "how long the figures given have held, for criteria that must hold for a while"),
    "cli.coverage.about": ("将预案所依据的文件（在公报文本 TEXT 中按预案的 `source_text` 找到）按条款（一、（一）、1.、(1)、1.1、"
        "附件…）和句子拆分，逐条列出引用它的规则，或预案中 `not_modelled` 所列的未建模原因（倡导性内容、无推演内容、超出范围）。"
        "既无引用又未列出的条款，以及文本中既无其原文、也无其条款的规则引用，即为问题。完整返回 0，有问题返回 1，输入有误返回 2。",
        "Split the plan's source document (found in the gazette TEXT by the plan's `source_text`) into its numbered "
        "clauses (一、（一）、1.、(1)、1.1、附件…) and sentences, and list for each clause the rules that cite it or the "
        "plan's `not_modelled` entry (exhortation, no simulation content, out of scope). A clause neither cited nor "
        "listed, and a rule's quote the text holds nowhere, of a clause it does not have, are findings. Exit 0 "
        "complete, 1 findings, 2 bad input."),
    "cli.coverage.plan": ("预案文件", "the plan file"),
    "cli.coverage.source": ("刊载该预案所依据文件的公报文本（UTF-8）", "the gazette text (UTF-8) that prints the plan's document"),
    "cli.lint.about": ("检查有效预案中 schema 看不出的错误。响应预案：事件分级区间的缺口或重叠（沿每个指标、在每种电网范围和"
        "负荷档内）、止于最低级别之前的酌情启动响应区间、永远达不到或被更高级别遮蔽的级别和分级标准、不启动任何响应的事件级别、"
        "没有单位职责落实的措施、没有职责的单位、永远不会成立的预警、酌情启动响应和报告条件、永远不能满足的终止条件、到不了"
        "决策者的报告链。禁火通告：没有规定使用的活动、区域和处罚。每个问题输出一行 FILE:LINE:COL: path: message；无问题返回 0，有问题"
        "返回 1，文件无效返回 2。",
        "Check valid plans for mistakes the schema cannot see. Response plans: severity bands with gaps or overlaps "
        "(along every figure, in every grid scope and load bracket), a discretionary band that stops short of the "
        "lowest level, levels and criteria rows that can never be met or are shadowed by a more severe level, "
        "severity levels that start no response, measures no unit's duty carries out, units without duties, warning, "
        "discretionary-response and report conditions that can never hold, termination conditions that can never "
        "hold, report chains that never reach the decision-maker. Ban notices: activities, zones and penalties no rule "
        "uses. Prints FILE:LINE:COL: path: message per finding; exit 0 clean, 1 findings, 2 invalid files."),
    "cli.lint.plans": ("预案文件或其所在目录", "plan files or directories of them"),
    "cli.schema.about": ("输出编辑器的 YAML 插件读取的 JSON Schema（draft-07）。提交的副本在 schema/<kind>.schema.json，"
        "YAML 文件首行 '# yaml-language-server: $schema=...' 指向它们。--write 刷新这些副本。",
        "Print the JSON Schema (draft-07) that editors' YAML plugins read. The committed copies live in "
        "schema/<kind>.schema.json and the YAML files point at them with a first line "
        "'# yaml-language-server: $schema=...'. --write refreshes the committed copies."),
    "cli.schema.kind": ("文件种类（默认：plan）", "document kind (default: plan)"),
    "cli.schema.write": ("把每一种写入 schema/<kind>.schema.json", "write every kind to schema/<kind>.schema.json"),
    "cli.validate.about": ("校验 YAML 文件：预案（plans/*.yaml）、情景（plans/scenarios/）和区域（plans/areas/）。所在目录决定种类；"
        "在其他位置则看内容（预案有 `kind:`，情景有 `plans:` 和 `area:`，区域有 `substations:` 和 `feeders:`）。情景按 `run` "
        "的方式找到它所列的预案和区域并一并校验。在此给出的目录中，预案的标识须与文件名相同（在目录中按标识查找预案）；单独给出的"
        "预案文件可以任意命名（修改后的副本）。每个问题输出 FILE:LINE:COL: path: message。全部有效返回 0，否则返回 2。",
        "Validate YAML files: plans (plans/*.yaml), scenarios (plans/scenarios/) and areas (plans/areas/). The folder "
        "tells the kind; elsewhere the content does (a plan has `kind:`, a scenario `plans:` and `area:`, an area "
        "`substations:` and `feeders:`). A scenario is checked against the plans and area it names, found as `run` "
        "finds them. A plan's id must equal its file name in a directory given here (plans are found there by id); a "
        "plan file named on its own may have any name (an edited copy). Prints FILE:LINE:COL: path: message for every "
        "problem. Exit 0 when all are valid, 2 otherwise."),
    "cli.validate.files": ("YAML 文件或其所在目录", "YAML files or directories of them"),
    "cli.zones.about": ("按通告中的顺序列出每份禁火通告的每个区域：标识、预案、名称、种类、辖区，以及通告给出的四至道路或地物。",
        "List every zone of every ban notice: id, plan, name, kind, jurisdiction and, where the notice gives one, the "
        "roads or features that bound it, in the notice's order."),
    "cli.drill.about": ("从情景创建演练，以某一角色行动，推进时钟，撰写处置评估报告。数据库为 TUIYAN_DB_URL（任何 SQLAlchemy "
        "URL，如 postgresql+psycopg://…），否则为当前目录下的 drills.sqlite。",
        "Create a drill from a scenario, act in a role, move the clock, and write the after-action report. The database "
        "is TUIYAN_DB_URL (any SQLAlchemy URL, e.g. postgresql+psycopg://…) or drills.sqlite in the working directory."),
    "cli.drill.db": ("数据库 URL（优先于 TUIYAN_DB_URL）", "database URL (overrides TUIYAN_DB_URL)"),
    "cli.drill.id": ("演练编号", "drill id"),
    "cli.drill.scenario": ("情景文件，如 plans/scenarios/drill-chengnan-storm.yaml", "scenario file, e.g. plans/scenarios/drill-chengnan-storm.yaml"),
    "cli.drill.seed": ("事件的随机数种子（默认 1）", "random seed of the incident (default 1)"),
    "cli.drill.replication": ("演练的抽样编号 I（默认 0）：模板情景即 `run 情景 --seed 种子 --replication I` 抽取的同一事件；"
        "其他情景为同一事件，第 I 次以由种子和 I 导出的引擎种子运行（第 0 次即所给种子）",
        "the replication I the drill plays (default 0): on a template scenario the incident `run SCENARIO --seed SEED "
        "--replication I` draws; on any other scenario the same story, replication I under an engine seed derived from "
        "the seed and I (replication 0: the seed itself)"),
    "cli.drill.out": ("写入 FILE，而不是标准输出", "write to FILE instead of standard output"),
    "cli.drill.unit": ("单位（写标识或名称）", "the unit (by its id or its name)"),
    "cli.drill.facilitator_key": ("导调人员的密钥（来自 `drill new` 或 `drill fork`）",
        "the facilitator's key (from `drill new` or `drill fork`)"),
    "cli.drill.url": ("应用的地址，用于输出的链接（默认 {default}；在会场网络中，为参演人员打开的地址）",
        "the app's address, for the links printed (default {default}; for a room's network, the address the "
        "participants open)"),
    "cli.drill.export": ("以 shell `export` 行输出演练编号和密钥（DRILL、FACILITATOR_KEY、KEY_<单位>），供 `eval` 使用；摘要写到标准错误",
        "print the drill id and keys as shell `export` lines (DRILL, FACILITATOR_KEY, KEY_<unit>) for `eval`; the "
        "summary goes to standard error"),
    "cli.drill.script": ("情景的演练方案和演练脚本（MSEL）", "the drill plan (演练方案) and drill script (演练脚本, an MSEL) of a scenario"),
    "cli.drill.script.about": ("撰写演练方案（目标、参演单位及其任务、角色、日程）和演练脚本：每条情景注入的时钟时间、发送方、"
        "接收单位和内容，以及届时各角色应采取的行动及其条款、时限和所检验的目标。xlsx：每条注入 × 应采取行动一行，供编辑和 "
        "`drill import-msel` 使用；表头和文字随 --lang（both：中文并附英文）。模板情景的工作簿另有一张“{drawn}”工作表，"
        "写明种子、抽样编号和抽取的事件。",
        "Write the drill plan (objectives, participating units and their tasks, roles, schedule) and the drill script: "
        "every inject with its clock time, sender, receiving units and content, and the actions then expected of each "
        "role with their clause, deadline and the objective they test. xlsx: one row per inject × expected action, for "
        "editing and `drill import-msel`, its headers and words in the language of --lang (both: Chinese, English beside). "
        "The workbook of a template scenario has a second sheet, “{drawn}”, with the seed, the replication and the "
        "incident drawn."),
    "cli.drill.script.format": ("Markdown（默认）、可打印的 HTML，或 XLSX 工作簿（需要 --out）",
        "Markdown (default), printable HTML, or an XLSX workbook (needs --out)"),
    "cli.drill.import_msel": ("把修改后的演练脚本中的注入时间和内容写回情景，新增的行成为新的消息注入",
        "write an edited drill script's inject times and texts into a scenario; new rows become new message injects"),
    "cli.drill.import_msel.about": ("读取 `drill script --format xlsx` 写出（并经编辑）的 MSEL 工作簿，输出以其中各注入的时间和内容"
        "更新后的情景：就地修改，文件中的注释和顺序不变；情景中没有的事件编号新增为消息注入（kind: message），"
        "发给“接收单位”列所写单位（按名称，以“、”分隔；不写则发给首报单位）。按表头找列；改过名的列用 --column 对应。"
        "错误指出 FILE:ROW:COL。",
        "Read an MSEL workbook written by `drill script --format xlsx` (and edited) and print the scenario with each "
        "inject's time and content taken from it, edited in place so the file's comments and order stay; a row whose "
        "inject id the scenario lacks adds a message inject (kind: message) to the units its receiving-units column "
        "names (by name, separated by “、” or commas; none: the unit that reports first). Columns are found by their "
        "headers; --column maps a renamed one. Errors name FILE:ROW:COL."),
    "cli.drill.import_msel.scenario": ("生成该表格所用的情景文件", "the scenario file the sheet was made from"),
    "cli.drill.import_msel.sheet": ("编辑后的工作簿", "the edited workbook"),
    "cli.drill.import_msel.column": ("某字段在表格中的表头：inject、time、content_zh、content_en 或 to（可重复）",
        "the sheet's header for a field: inject, time, content_zh, content_en or to (repeatable)"),
    "cli.drill.import_msel.out": ("把情景写入 FILE，而不是标准输出", "write the scenario to FILE instead of standard output"),
    "cli.drill.new": ("从情景文件创建演练", "create a drill from a scenario file"),
    "cli.drill.new.name": ("演练名称", "the drill's name"),
    "cli.drill.new.role": ("扮演预案中某单位的参演人员（可重复；单位写标识或名称）；无人扮演的单位按预案自动行动",
        "a participant playing a unit of the plan (repeatable; the unit by its id or its name); unplayed units act "
        "as the plan says"),
    "cli.drill.new.grace_h": ("预案未规定时限的决策所允许的小时数（默认 0.5）", "hours allowed for decisions the plan gives no time of its own (default 0.5)"),
    "cli.drill.new.facilitator": ("导调人员的姓名，随其操作记入日志（不填：记为“{zh}”，--lang en 时记为“{en}”）",
        "the facilitator's name, logged with their actions (omit: logged as “{zh}”, or as “{en}” with --lang en)"),
    "cli.drill.list": ("列出演练（已归档的除外）", "list the drills (but the archived ones)"),
    "cli.drill.list.all": ("连同已归档的演练一起列出", "list the archived drills too"),
    "cli.drill.archive": ("归档演练：不再列出（drill list --all 除外），不能更改，仍可查看和出报告；--restore 恢复",
        "archive a drill: left out of the list (but drill list --all), closed to changes, still read and reported; "
        "--restore brings it back"),
    "cli.drill.archive.restore": ("恢复已归档的演练", "restore an archived drill"),
    "cli.drill.act": ("按演练当前时钟以某一角色行动", "take an action in a role at the drill's current clock"),
    "cli.drill.act.role": ("行动的单位（写标识或名称）", "the unit acting (by its id or its name)"),
    "cli.drill.act.action": ("要采取的行动：{kinds}", "the action to take: {kinds}"),
    "cli.drill.act.arg": ("行动的参数，如 hop=report.power_company 或 level=III；所选项写标识或其名称（中文或英文）",
        "the action's argument, e.g. hop=report.power_company or level=III; the choice by its id or its name (Chinese "
        "or English)"),
    "cli.drill.act.key": ("该角色的密钥（来自 `drill new`、`drill assign` 或 `drill rekey`）；行动记在密钥所属的人名下",
        "the role's key (from `drill new`, `drill assign` or `drill rekey`); the action is logged under the person it "
        "belongs to"),
    "cli.drill.status": ("演练当前状况：时钟、事件、每个有人扮演的角色的任务、情景注入", "the drill now: clock, incident, each played role's tasks, injects"),
    "cli.drill.status.role": ("只看该角色（写标识或名称）：它的任务和收件箱",
        "only this role (by its id or its name): its tasks and its inbox"),
    "cli.drill.assign": ("把角色交给某人，或交还推演引擎", "give a role to a person, or back to the engine"),
    "cli.drill.assign.person": ("从现在起扮演该角色的人（不填：由推演引擎按预案办理）", "who plays it from now on (omit: the engine acts as the plan says)"),
    "cli.drill.rekey": ("为角色的扮演者重发密钥和链接（旧的随即失效，日志记下由谁重发），可另存可打印的链接单",
        "re-issue a role's key and link to its player (the old one stops working; the log shows who did it), "
        "and write the printable link sheet again"),
    "cli.drill.rekey.role": ("要重发的单位（写标识或名称，可重复）", "a unit whose link to re-issue (by its id or its name; repeatable)"),
    "cli.drill.rekey.all": ("为每个有人扮演的角色重发", "re-issue the link of every role a person plays"),
    "cli.drill.rekey.sheet": ("把新链接写成可打印的链接单（HTML，A4，带二维码）；链接单随 --lang（both：中文并附英文）；"
        "无法写入该文件时，在重发任何密钥之前即拒绝（旧链接仍然有效）",
        "write the new links as the printable link sheet (HTML, A4, with QR codes), in the language of --lang "
        "(both: Chinese, English beside); a file that cannot be written is refused before any key is re-issued (the old links keep working)"),
    "cli.drill.release": ("立即向接收角色下达一条计划中的情景通报", "release a scheduled inject to its roles now"),
    "cli.drill.release.inject": ("注入的标识（见 `drill status`）", "the inject's id (see `drill status`)"),
    "cli.drill.advance": ("推进演练时钟", "move the drill clock forward"),
    "cli.drill.advance.hours": ("按情景时间推进 H 小时", "move forward by H scenario hours"),
    "cli.drill.advance.to": ("推进到情景时钟的 TIME（MM-DD HH:MM）", "move forward to TIME, the scenario's clock time (MM-DD HH:MM)"),
    "cli.drill.advance.to_end": ("推进到情景结束", "move to the end of the scenario"),
    "cli.drill.advance.step": ("推进到引擎的下一事件", "move to the engine's next event"),
    "cli.drill.report": ("撰写处置评估报告", "write the after-action report (6.1 处置评估报告)"),
    "cli.drill.report.format": ("Markdown（默认）或可打印的 HTML", "Markdown (default) or printable HTML"),
    "cli.drill.objectives": ("演练的目标及其行动已达成多少", "the drill's objectives and how many of their actions are met"),
    "cli.drill.objectives.share": ("是否让参演人员看到目标的进展", "let participants see the objectives' progress, or not"),
    "cli.drill.objectives.key": ("导调人员的密钥（与 --share 同用时需要）", "the facilitator's key (needed with --share)"),
    "cli.drill.improve": ("把演练发现的问题登记为改进事项（改进计划）", "file the drill's findings as improvement items (改进计划)"),
    "cli.drill.improvements": ("列出各次演练的改进事项", "list improvement items across drills"),
    "cli.drill.improvements.drill": ("只看这次演练的事项", "only this drill's items"),
    "cli.drill.improvements.scenario": ("只看基于该情景（其标识）的演练的事项", "only the items of drills on this scenario (its id)"),
    "cli.drill.improvement": ("修改改进事项的状态、责任单位或完成期限", "change an improvement item's status, responsible unit or due date"),
    "cli.drill.improvement.item": ("事项编号（见 `drill improvements`）", "the item's number (see `drill improvements`)"),
    "cli.drill.improvement.status": ("事项的新状态：{statuses}", "the item's new status: {statuses}"),
    "cli.drill.improvement.unit": ("责任单位（写预案中单位的标识或名称）", "the responsible unit (a plan unit, by its id or its name)"),
    "cli.drill.improvement.due": ("完成期限", "the due date"),
    "cli.drill.fork": ("从另一次演练的某一时刻开始新演练：种子相同，沿用其到该时刻为止的日志",
        "start a new drill from a moment of another: same seed, its log up to then"),
    "cli.drill.fork.drill": ("要分叉的演练", "the drill to fork"),
    "cli.drill.fork.at": ("时刻，写作情景时钟时间（MM-DD HH:MM）或距开始的小时数",
        "the moment, as the scenario's clock time (MM-DD HH:MM) or hours from its start"),
    "cli.drill.fork.name": ("新演练的名称（默认：原名称加上该时刻）", "the new drill's name (default: the original's, with the moment)"),
    "cli.fuzz.about": ("对加载器做模糊测试：在每个核上，像加载用户文件那样加载每个随附预案、情景和区域的变异体（翻转字节、插入控制"
        "字符和罕见字符、拼接和重复行、深层嵌套、别名、标签、不可能的值）。第 i 个输入只取决于 (--seed, i)。输出已尝试的输入数、"
        "速率和崩溃数（加载器的 FILE:LINE:COL 错误以外的异常），并把每个导致崩溃的输入及其回溯保存在 --crashes 下。--start 从上次"
        "停下的地方继续。不给 --inputs 时一直运行到 Ctrl-C 或 SIGTERM，无论如何都输出摘要。无崩溃返回 0，有崩溃返回 1，选项有误返回 2。",
        "Fuzz the loader: load mutants of every shipped plan, scenario and area (byte flips, inserted control and odd "
        "characters, spliced and repeated lines, deep nesting, aliases, tags, impossible values) as a user's file is "
        "loaded, on every core. Input i is drawn from (--seed, i) alone. Prints the inputs tried, the rate and the "
        "crashes (exceptions other than the loader's FILE:LINE:COL error), saving each crashing input and its "
        "traceback under --crashes. --start resumes an earlier campaign where it stopped. Without --inputs it runs "
        "until Ctrl-C or SIGTERM, and prints its summary either way. Exit 0 without crashes, 1 with, 2 for a bad "
        "option."),
    "cli.fuzz.inputs": ("尝试 N 个输入后停止（默认：运行到 Ctrl-C）", "stop after N inputs (default: run until Ctrl-C)"),
    "cli.fuzz.start": ("要尝试的第一个输入，用于继续先前的测试（默认 0）", "the first input to try, to resume an earlier campaign (default 0)"),
    "cli.fuzz.seed": ("测试的种子（默认 0）", "the campaign's seed (default 0)"),
    "cli.fuzz.workers": ("进程数，至多为本机核数（默认：每核一个）", "processes, at most the machine's cores (default: every core)"),
    "cli.fuzz.crashes": ("保存导致崩溃的输入的目录（默认 fuzz-crashes/）", "where crashing inputs are saved (default fuzz-crashes/)"),
    # -- the columns of a sweep's rows (sim.sweep.rows), shown in `sweep --help`
    "sweep.column.replication": ("重复编号 0 … N−1；只取决于（种子, 重复编号）",
        "replication number 0 … N−1; it depends on (seed, replication) only"),
    "sweep.column.seed": ("本次重复的引擎种子（由批量推演种子和重复编号导出；非模板情景的第 0 次重复即种子本身）",
        "the engine's seed for this replication (derived from the sweep seed and the replication; for a scenario "
        "that is not a template, replication 0 runs under the sweep seed itself)"),
    "sweep.column.cause": ("抽到的风险源（模板的成因，预案 3.1）", "risk source drawn (template causes, plan 3.1)"),
    "sweep.column.season": ("抽到的季节", "season drawn"),
    "sweep.column.weather": ("抽到的天气或自然灾害", "weather or natural hazard drawn"),
    "sweep.column.start": ("抽到的事件的开始日期时间（标准输出为 ISO 2024-01-15T07:30:00；--out 文件中与 …_at 列同样写作 "
                           "2024-01-15 07:30）",
                           "start date-time of the drawn incident (ISO 2024-01-15T07:30:00 on stdout; in an --out file "
                           "written as the …_at columns are, 2024-01-15 07:30)"),
    "sweep.column.fire_period": ("开始时间是否在防火期内", "whether the start falls in the fire period"),
    "sweep.column.towns_hit": ("受损的居民点（和园区）数", "places hit by the damage (the area's towns or parks)"),
    "sweep.column.substations_out": ("停电时退出运行的变电站数", "substations put out of service at the outage"),
    "sweep.column.feeders_out": ("停电时退出运行的线路数", "feeders put out of service at the outage"),
    "sweep.column.elements_damaged": ("需要抢修队伍的设备数（其余只是跳闸）", "elements needing a repair crew (the rest are only tripped)"),
    "sweep.column.repair_severity": ("受损程度的抢修时间倍数（空：无受损）", "repair-time multiplier of the damage (empty: nothing damaged)"),
    "sweep.column.demand_factor": ("负荷倍数（高峰负荷；1：不变）", "demand multiplier (peak load; 1: unchanged)"),
    "sweep.column.supply_factor": ("上级电源容量倍数（1：不变）", "upstream capacity multiplier (1: unchanged)"),
    "sweep.column.forecast_lead_h": ("预报到停电之间的小时数（空：未预报）", "hours between the forecast and the outage (empty: not forecast)"),
    "sweep.column.fires": ("抽到的次生火灾数", "secondary fires drawn"),
    "sweep.column.secondary": ("抽到的其他次生事件（以 ; 分隔）", "other secondary incidents drawn (;-separated)"),
    "sweep.column.max_severity": ("达到的最高事件级别（空：低于最低级别）", "highest severity level reached (empty: below the lowest)"),
    "sweep.column.max_level": ("启动的最高响应级别（空：未启动响应）", "highest response level declared (empty: no response)"),
    "sweep.column.level_changes": ("响应级别的启动和调整次数（不计终止）", "declarations and adjustments of the response level (the end not counted)"),
    "sweep.column.incidents": ("本次重复中发生的事件起数：预案写明的事件发生条件成立或数值达到某一事件级别（未写明则减供负荷）即为一起，"
                               "上一起结束后再次达到为新的一起；次生事件不计（0：未发生事件）",
                               "incidents the replication held: one begins when the plan's onset holds or its figures meet "
                               "a severity level (without an onset, when load is shed), a new one when they do again after "
                               "the last is over; secondary incidents not counted (0: no incident)"),
    "sweep.column.warning_issued_at_h": ("从开始到首次发布预警的小时数", "hours from the start to the first published warning"),
    "sweep.column.warning_lifted_at_h": ("到首次解除预警的小时数", "hours to the first lifted warning"),
    "sweep.column.incident_started_at_h": ("到首次事件发生的小时数（预案写明的事件发生条件成立时，未写明则首次减供负荷时）",
                                           "hours to the first incident's beginning (when the plan's onset holds; "
                                           "without one, the first shed load)"),
    "sweep.column.response_started_at_h": ("到首次启动响应的小时数", "hours to the first response level"),
    "sweep.column.terminated_at_h": ("到首次启动的响应终止的小时数", "hours to the end of the first response"),
    "sweep.column.response_h": ("从首次启动响应到该响应终止的小时数（从未终止则到时间范围末尾）",
        "hours from the first response's start to its end (or to the horizon if it never ended)"),
    "sweep.column.peak_load_shed_pct": ("减供负荷的最大比例", "largest share of load shed"),
    "sweep.column.peak_customers_out_pct": ("停电用户的最大比例", "largest share of customers without power"),
    "sweep.column.peak_<figure>": ("预案分级所依据的、电网以外的每个数值的最大值（如洪涝预案的 24 小时降雨量 peak_rain_mm；"
                                   "预案只按电网的数值分级时没有此列）",
                                   "largest value of each figure the plan grades on that is not the grid's (a flood "
                                   "plan's 24-hour rainfall, peak_rain_mm; no such column for a plan graded on the "
                                   "grid's figures alone)"),
    "sweep.column.unit_hours": ("各单位履行预案职责和抢修的总工时", "hours worked by all units on plan duties and repairs"),
    "sweep.column.unmet_duties": ("已触发但从未落实的职责数", "duties triggered but never carried out"),
    "sweep.column.key_users_out_of_fuel": ("备用燃料耗尽的重要电力用户数", "key power users whose backup fuel ran out"),
    "sweep.column.fires_started": ("在情景的禁火规定下发生的火灾数（无 fire_ban 段时为 0）",
        "fires started under the scenario's fire bans (0 without a fire_ban section)"),
    "sweep.column.hectares_burned": ("这些火灾的过火面积（公顷）", "hectares burned by those fires"),
    "sweep.column.violations": ("违反禁火规定的用火次数（未被劝阻或劝返）", "fire uses that broke the bans (not deterred or turned back)"),
    "sweep.column.caught": ("巡护队伍当场查获的违规用火次数", "violations caught in the act by the patrols"),
    "sweep.column.fines_yuan": ("处以的罚款总额（元）", "fines imposed, in yuan"),
    "sweep.column.patrol_hours": ("巡护队伍在禁火规定生效日的巡护工时（队·小时）",
        "patrol team-hours on the days the bans they enforce are in force"),
    "sweep.column.hours_at_<level>": ("处于各响应级别的小时数", "hours spent at each response level"),
    "sweep.column.unit_hours_<unit>": ("各单位（情景所用各预案的单位）的工时", "hours worked by each unit of the plans the scenario runs"),
    "sweep.column.<column>_name": ("仅在 --out 文件中：紧随 cause、season、weather、secondary、max_severity 和 max_level "
        "各列之后，为其名称，语言由 --lang 选定（默认中文）",
        "in an --out file only: after each of cause, season, weather, secondary, max_severity and max_level, "
        "its names in the --lang language (Chinese by default)"),
    "sweep.column.<column>_at": ("仅在 --out 文件中：紧随每个 …_at_h 列之后，为该时刻按本次重复自己的开始时间（start 列）"
        "换算的情景时钟日期时间，如 2024-01-15 07:47，与 run 对同一次重复显示的分钟相同（按文本排序即按时间排序；空：未发生）",
        "in an --out file only: after each …_at_h column, that moment as a date and time on the scenario's clock, "
        "counted from the replication's own start (the start column), e.g. 2024-01-15 07:47, the minute run shows "
        "for the same replication (sorting the text sorts by time; empty: it never happened)"),
    # -- classify's refusals of the figures given (sim.commands.classify)
    "classify.input": ("输入", "Input"),
    "classify.below": ("未达到任何分级标准", "below every severity level"),
    "classify.command": ("指挥", "Command"),
    "classify.discretion": ("未达分级标准时", "Below the levels"),
    "classify.discretion_met": ("条件满足，由{unit}决定是否启动应急响应", "its criteria hold: whether to start a response is for {unit} to decide"),
    "classify.discretion_not_met": ("条件不满足，{unit}不在此启动应急响应", "its criteria do not hold: it is not for {unit} to start a response here"),
    "classify.discretion_open": ("未给出 {keys}：若满足条件，由{unit}决定是否启动应急响应",
        "{keys} not given: if its criteria hold, whether to start a response is for {unit} to decide"),
    "classify.no_response": ("无对应响应级别", "no response level starts at this severity"),
    "classify.met": ("满足条件", "Criteria met"),
    "classify.sources": ("依据", "Sources"),
    "classify.unknown_metric": ("预案 {plan} 没有指标 {name}；可用的名称（标识）：{known}",
        "unknown metric {name} for plan {plan}; valid names (ids): {known}"),
    "classify.no_grid_name": ("{key} 在 {after} 之后没有写电网名称；请写作 {name}@{scope}:名称=值，每个电网一个名称",
        "{key} names no grid after {after}; write {name}@{scope}:NAME=VALUE, one NAME per grid"),
    "classify.no_scope": ("{key} 在 @ 之后没有写电网范围；请写作 {name}@范围=值；预案各行读取：{known}",
        "{key} names no grid scope after '@'; write {name}@SCOPE=VALUE; the plan's rows read: {known}"),
    "classify.unknown_scope": ("预案 {plan} 没有电网范围 {scope}；其各行读取：{known}",
        "unknown grid scope {scope} for plan {plan}; its rows read: {known}"),
    "classify.no_scopes": ("不按范围区分电网", "no grid by scope"),
    "classify.metric_twice": ("指标 {key} 给出了两次", "metric {key} is given twice"),
    "classify.out_of_range": ("{key}为 {value}；应{range}", "{key} is {value}; it must {range}"),
    "classify.named_and_not": ("范围 {scope} 的电网既有带名称的也有不带名称的；请给该范围的每个电网都写上名称（{scope}:名称），或都不写",
        "the grid of scope {scope} is given both with and without a name; name every grid of it ({scope}:NAME) or none"),
    "classify.the_grid_scope": ("电网范围", "the grid scope"),
    "classify.the_context": ("条件 {name}", "the context {name}"),
    "classify.no_levels_on": ("预案 {plan} 没有取决于{label}的级别", "plan {plan} has no levels that depend on {label}"),
    "classify.given_twice": ("{label}给出了两次", "{label} is given twice"),
    "classify.unknown_value": ("{label}没有取值 {value}；预案 {plan} 可取：{known}", "unknown value {value} of {label}; plan {plan} knows: {known}"),
    "classify.which_grid": ("预案 {plan} 按电网范围分级：请给出受影响电网的数据，如 --grid-scope SCOPE --metric load_shed_pct=V，"
        "或 --metric load_shed_pct@SCOPE=V（范围：{scopes}）",
        "plan {plan} grades each grid by its scope: give the figures of the grid that was hit, e.g. --grid-scope SCOPE "
        "--metric load_shed_pct=V, or --metric load_shed_pct@SCOPE=V (scopes: {scopes})"),
    "classify.held_missing": ("缺少数据已持续的时间，而它可能使事件为 {could}；请给出 --held-h HOURS",
        "how long the figures have held is missing, and it could make the incident {could}; give --held-h HOURS"),
    "classify.give_one_of": ("{give}（可取：{known}）", "{give} (one of {known})"),
    "classify.missing": ("缺少 {key}，而它可能使事件为 {could}；请给出 {give}",
        "{key} is missing, and it could make the incident {could}; give {give}"),
    # -- files the commands write (sim.commands.run, sim.commands.sweep, sim.sweep.output)
    "output.cannot_write": ("无法写入：{reason}", "cannot write: {reason}"),
    # -- why the operating system refused a file (sim.errors.system_reason)
    "error.command_line": ("命令行", "command line"),
    "os_error.not_found": ("没有这个文件或目录", "no such file or directory"),
    "os_error.no_directory": ("要写入的目录不存在", "the directory to write into does not exist"),
    "os_error.permission": ("没有权限", "permission denied"),
    "os_error.is_directory": ("这是一个目录，不是文件", "this is a directory, not a file"),
    "os_error.not_directory": ("路径中有一段是文件而不是目录", "a part of the path is a file, not a directory"),
    "os_error.no_space": ("磁盘空间不足", "no space left on the disk"),
    "os_error.name_too_long": ("文件名太长", "the file name is too long"),
    "os_error.link_loop": ("符号链接绕成了一个圈，指不到任何文件", "the symbolic links loop back on themselves and lead to no file"),
    "os_error.read_only": ("文件系统是只读的", "the file system is read-only"),
    "os_error.bad_name": ("文件名中有系统不接受的字符", "the file name holds a character the system does not accept"),
    "os_error.other": ("操作系统拒绝了此操作（错误号 {number}）", "the operating system refused (error number {number})"),
    "os_error.unknown": ("操作系统拒绝了此操作", "the operating system refused"),
    "os_error.refused": ("对方拒绝连接：该地址和端口上没有服务在运行", "connection refused: no service is running at that address and port"),
    "os_error.unreachable": ("网络不通，无法到达该主机", "the network cannot reach that host"),
    "os_error.timed_out": ("连接超时，对方没有应答", "the connection timed out without an answer"),
    "os_error.reset": ("连接被对方断开", "the other side closed the connection"),
    "os_error.unknown_host": ("找不到这个主机名", "no host of that name is known"),
    "os_error.no_connection": ("无法建立连接（请检查地址、端口以及服务是否在运行）",
                               "no connection could be made (check the address, the port and that the service is running)"),
    "output.suffix": ("{path}：文件名应以 {suffixes} 结尾", "{path}: expected a file name ending in {suffixes}"),
    "sweep.missing_extra": ("{what} 需要可选依赖：pip install 'tuiyan[{extra}]'",
        "{what} needs the optional dependency: pip install 'tuiyan[{extra}]'"),
    "sweep.writing_parquet": ("写入 Parquet", "writing Parquet"),
    "sweep.no_scheduler": ("无法连接地址为 {address} 的 Dask 调度器：{reason}", "cannot reach the Dask scheduler at {address}: {reason}"),
    "sweep.bad_scheduler_address": ("{address} 不是 Dask 调度器的地址（应为“主机:端口”，如 tcp://192.168.1.10:8786，或 local）",
                                    "{address} is not a Dask scheduler address (expected HOST:PORT, e.g. tcp://192.168.1.10:8786, or local)"),
    "sweep.not_a_scheduler": ("地址 {address} 上有服务应答，但它不是 Dask 调度器（应答无法识别）；请核对地址和端口",
                              "something answers at {address}, but not a Dask scheduler (its answer makes no sense); "
                              "check the address and the port"),
    "sweep.workers_cannot_import": ("Dask 工作进程无法导入推演引擎（缺少模块 {module}）；请在每个工作节点上安装本软件包",
        "the Dask workers cannot import the engine (module {module} is missing); install this package on every worker"),
    "run.drawn_label": ("抽样", "Drawn"),
    "run.drawn": ("{scenario} 在种子 {seed} 下的第 {replication} 次抽样（即 `sweep --seed {seed}` 的第 {replication} 行）：{facts}",
        "replication {replication} of {scenario} under seed {seed} (as row {replication} of `sweep --seed {seed}`): {facts}"),
    "run.story_replication_label": ("重复", "Replication"),
    "run.story_replication": ("{scenario} 在种子 {seed} 下的第 {replication} 次重复（即 `sweep --seed {seed}` 的第 {replication} 行）："
        "同一事件，引擎种子 {engine}",
        "replication {replication} of {scenario} under seed {seed} (as row {replication} of `sweep --seed {seed}`): "
        "the same story under engine seed {engine}"),
    "sweep.written": ("{n} 次重复（种子 {seed}）→ {out}", "{n} {n:replication|replications} (seed {seed}) → {out}"),
    "sweep.interrupted_file": ("已中断：{n} 次重复中完成了 {done} 次；{out} 没有写出（文件只在全部完成后出现）",
        "interrupted after {done} of {n} {n:replication|replications}: {out} was not written (the file appears only when complete)"),
    "sweep.interrupted_stdout": ("已中断：输出只有 {n} 次重复中的前 {done} 行，并不完整",
        "interrupted: the output holds the first {done} {done:row|rows} of {n} {n:replication|replications} only, not the whole sweep"),
    "compare.interrupted": ("已中断：{n} 次重复中完成了 {done} 次；没有作出比较",
        "interrupted after {done} of {n} {n:replication|replications}: no comparison was made"),
    "sweep.highest": ("最高响应级别 — {counts}", "highest response level — {counts}"),
    "sweep.incidents": ("事件起数（起数：重复数） — {counts}", "incidents (incidents: replications) — {counts}"),
    # -- reading input files (sim.inputs.yaml_source, sim.inputs.loader)
    "input.out_of_range": ("{value} 超出允许范围：应为 {low} 到 {high} 之间的整数。",
        "{value} is out of range: a whole number from {low} to {high}."),
    "input.number_out_of_range": ("{value} 超出允许范围：应为 {low} 到 {high} 之间的数。",
        "{value} is out of range: a number from {low} to {high}."),
    "input.not_whole": ("{value} 不是整数：应为 {low} 到 {high} 之间的整数。",
        "{value} is not a whole number: a whole number from {low} to {high}."),
    "input.not_exact": ("{value} 太大，页面无法精确读取：应为 {low} 到 {high} 之间的整数。",
        "{value} is too large for the page to read exactly: a whole number from {low} to {high}."),
    "input.number_needed": ("请填写一个数", "enter a number"),
    "input.number_missing": ("请填写一个数：{low} 到 {high}。", "Enter a number from {low} to {high}."),
    "input.not_utf8": ("不是 UTF-8 文本（第 {byte} 字节）", "not UTF-8 text (byte {byte})"),
    "input.no_file": ("没有这个文件", "no such file"),
    "input.directory": ("这是一个目录，应为 YAML 文件", "is a directory, expected a YAML file"),
    "input.not_regular": ("不是普通文件（而是管道、设备或套接字）；请给出 YAML 文件",
        "not a regular file (a pipe, a device or a socket); give a YAML file"),
    "input.plan_not_in_scenario": ("本情景没有 id 为 {id} 的预案；本情景的预案：{plans}。修改后的副本须保留它所替换的预案的 id",
        "the scenario has no plan with the id {id}; its plans are {plans}. An edited copy keeps the id of the plan it replaces"),
    "input.plan_given_twice": ("预案 {plan}由两个文件替换；请只给一个", "plan {plan} is replaced by two files; give one"),
    "input.unreadable": ("无法读取：{reason}", "cannot read: {reason}"),
    "input.file_too_large": ("文件有 {size} 字节，上限为 {limit} 字节", "file is {size} bytes; the limit is {limit} bytes"),
    "input.text_too_large": ("输入超过 {limit} 字节的上限", "input is larger than the limit of {limit} bytes"),
    "input.control_character": ("YAML 中不允许字符 U+{code}（控制字符，常随从文字处理软件或 PDF 粘贴的文字而来）；请删除",
        "character U+{code} is not allowed in YAML (a control character, often pasted in from a word processor "
        "or a PDF); delete it"),
    "input.surrogate": ("YAML 中不允许字符 U+{code}（孤立的代理码元，文字已损坏）；请删除",
        "character U+{code} is not allowed in YAML (a lone surrogate (broken text)); delete it"),
    "input.non_character": ("YAML 中不允许字符 U+{code}（非字符）；请删除",
        "character U+{code} is not allowed in YAML (a non-character); delete it"),
    "input.direction_control": ("不允许字符 U+{code}（改变文字显示方向的不可见控制字符，会使其后的文字倒着显示）；请删除",
        "character U+{code} is not allowed (an invisible control that changes the direction text is drawn in, "
        "turning what follows round); delete it"),
    "input.empty": ("文件是空的", "the file is empty"),
    "input.syntax": ("YAML 语法错误：{detail}", "YAML syntax error: {detail}"),
    "input.yaml_error": ("YAML 错误：{detail}", "YAML error: {detail}"),
    # -- PyYAML's syntax errors (sim.inputs.yaml_words): what it was reading, what went wrong
    "yaml.while": ("{context}：{problem}", "{context}: {problem}"),
    "yaml.invalid": ("不是有效的 YAML", "not valid YAML"),
    "yaml.parser_said": ("解析器报告：{text}", "the parser says: {text}"),
    "yaml.context.next_token": ("读取下一个记号时", "reading the next token"),
    "yaml.context.simple_key": ("读取一个键时", "reading a key"),
    "yaml.context.quoted": ("读取带引号的文字时", "reading a quoted text"),
    "yaml.context.double_quoted": ("读取双引号中的文字时", "reading a double-quoted text"),
    "yaml.context.plain": ("读取文字时", "reading a text"),
    "yaml.context.block_scalar": ("读取多行文字（| 或 >）时", "reading a multi-line text (| or >)"),
    "yaml.context.directive": ("读取指令（%）时", "reading a directive (%)"),
    "yaml.context.anchor": ("读取锚点（&）时", "reading an anchor (&)"),
    "yaml.context.alias": ("读取别名（*）时", "reading an alias (*)"),
    "yaml.context.tag": ("读取标签（!）时", "reading a tag (!)"),
    "yaml.context.node": ("读取一个值时", "reading a value"),
    "yaml.context.flow_node": ("读取花括号或方括号中的值时", "reading a value in braces or brackets"),
    "yaml.context.block_sequence": ("读取以“-”开头的列表时", "reading a list of '-' items"),
    "yaml.context.block_mapping": ("读取“键: 值”映射时", "reading a mapping of 'key: value' lines"),
    "yaml.context.flow_sequence": ("读取方括号列表 [ … ] 时", "reading a list in brackets [ … ]"),
    "yaml.context.flow_mapping": ("读取花括号映射 { … } 时", "reading a mapping in braces { … }"),
    "yaml.context.single_document": ("一个文件只能有一个文档", "a file holds a single document"),
    "yaml.problem.tab": ("这里有一个制表符（Tab）：YAML 不能用制表符缩进，请改用空格",
        "there is a tab here: YAML cannot indent with tabs; use spaces"),
    "yaml.problem.cannot_start": ("字符 {found} 不能出现在这里（它不能作为任何记号的开头）",
        "the character {found} cannot stand here (it cannot start any token)"),
    "yaml.full_width_colon": ("“{key}”后面是全角冒号“：”，YAML 不把它读作“键: 值”：键后的冒号须为半角“:”（写作“{key}: ”）",
        "'{key}' is followed by the full-width colon '：', which YAML does not read as 'key: value': a key's colon "
        "must be the half-width ':' (write '{key}: ')"),
    "yaml.problem.no_colon": ("找不到应有的冒号“:”（键后面要有“: ”）", "the expected ':' is missing (a key is followed by ': ')"),
    "yaml.problem.mapping_value_here": ("这里不能出现“键: 值”：请检查缩进；文字中含“: ”时请给整段文字加引号",
        "a 'key: value' is not allowed here: check the indentation, and quote a text that contains ': '"),
    "yaml.problem.sequence_entry_here": ("这里不能出现列表项“-”：请检查缩进", "a list item '-' is not allowed here: check the indentation"),
    "yaml.problem.mapping_key_here": ("这里不能出现键（?）：请检查缩进", "a key (?) is not allowed here: check the indentation"),
    "yaml.problem.unexpected_end": ("文件在此意外结束：引号没有闭合", "the file ends here unexpectedly: a quote is not closed"),
    "yaml.problem.unexpected_separator": ("引号中出现了文档分隔符（--- 或 ...）：引号没有闭合",
        "a document separator (--- or ...) inside quotes: a quote is not closed"),
    "yaml.problem.unknown_escape": ("未知的转义字符 {found}（双引号中的反斜杠“\\”开始一个转义；要写反斜杠本身请用单引号）",
        "unknown escape character {found} (in double quotes a backslash starts an escape; use single quotes for a "
        "backslash itself)"),
    "yaml.problem.hex_escape": ("转义序列应有 {n} 位十六进制数字，却遇到 {found}", "an escape needs {n} hexadecimal digits, but found {found}"),
    "yaml.problem.node_content": ("这里应有一个值，却遇到了{found}", "a value was expected here, but found {found}"),
    "yaml.problem.block_end": ("这一段应在此结束（缩进是否对齐？），却遇到了{found}",
        "this block should end here (is the indentation aligned?), but found {found}"),
    "yaml.problem.flow_sequence_sep": ("应为逗号“,”或右方括号“]”，却遇到了{found}", "expected ',' or ']', but found {found}"),
    "yaml.problem.flow_mapping_sep": ("应为逗号“,”或右花括号“}}”，却遇到了{found}", "expected ',' or '}}', but found {found}"),
    "yaml.problem.document_start": ("指令之后应为文档开始“---”，却遇到了{found}",
        "a directive is followed by the document start '---', but found {found}"),
    "yaml.problem.undefined_alias": ("未定义的别名 {name}：前面没有用 & 定义这个锚点",
        "undefined alias {name}: no anchor of that name is defined with & before it"),
    "yaml.problem.duplicate_anchor": ("锚点 {name} 定义了两次", "the anchor {name} is defined twice"),
    "yaml.problem.second_occurrence": ("这里是第二次", "this is the second time"),
    "yaml.problem.another_document": ("这里又开始了另一个文档", "another document starts here"),
    "yaml.problem.undefined_tag_handle": ("未定义的标签前缀 {found}", "undefined tag handle {found}"),
    "yaml.problem.duplicate_directive": ("%YAML 指令重复", "a repeated %YAML directive"),
    "yaml.problem.incompatible_version": ("不支持的 YAML 版本（应为 1.x）", "an unsupported YAML version (1.x is required)"),
    "yaml.problem.alphanumeric": ("应为字母或数字，却遇到 {found}", "expected a letter or a digit, but found {found}"),
    "yaml.problem.indentation_indicator": ("缩进指示应为 1 到 9，却是 0", "an indentation indicator is 1 to 9, not 0"),
    "yaml.problem.chomping": ("“|”或“>”之后应为 +、- 或 1 到 9，却遇到 {found}", "'|' or '>' is followed by +, - or 1 to 9, but found {found}"),
    "yaml.problem.comment_or_break": ("应为注释（#）或换行，却遇到 {found}", "expected a comment (#) or a line break, but found {found}"),
    "yaml.problem.space": ("应为空格，却遇到 {found}", "expected a space, but found {found}"),
    "yaml.problem.angle": ("应为“>”，却遇到 {found}", "expected '>', but found {found}"),
    "yaml.problem.bang": ("应为“!”，却遇到 {found}", "expected '!', but found {found}"),
    "yaml.problem.uri": ("应为 URI，却遇到 {found}", "expected a URI, but found {found}"),
    "yaml.problem.uri_escape": ("URI 转义应有 2 位十六进制数字，却遇到 {found}", "a URI escape needs 2 hexadecimal digits, but found {found}"),
    "yaml.problem.version_digit": ("YAML 版本号写错了：遇到 {found}", "a malformed YAML version number: found {found}"),
    "yaml.value.no_such_day": ("这个月没有这一天", "the month has no such day"),
    "yaml.value.field_range": ("{field}应在 {low} 到 {high} 之间", "the {field} must be from {low} to {high}"),
    "yaml.value.year_range": ("年份 {year} 超出范围", "the year {year} is out of range"),
    "yaml.value.not_an_integer": ("不是整数", "not a whole number"),
    "yaml.value.not_a_number": ("不是数", "not a number"),
    "yaml.value.unknown_tag": ("未知的标签 {tag}", "unknown tag {tag}"),
    "yaml.value.not_a_timestamp": ("不是日期或时间（应写作 2023-01-15 或 2023-01-15T08:00:00）",
        "not a date or a time (written 2023-01-15 or 2023-01-15T08:00:00)"),
    "yaml.value.not_base64": ("不是有效的 base64 数据", "not valid base64 data"),
    "yaml.value.wrong_node": ("标签要求{wanted}，这里却是{found}", "the tag needs {wanted}, but this is {found}"),
    "yaml.word.year": ("年份", "year"),
    "yaml.word.month": ("月份", "month"),
    "yaml.word.day": ("日", "day"),
    "yaml.word.hour": ("小时", "hour"),
    "yaml.word.minute": ("分钟", "minute"),
    "yaml.word.second": ("秒", "second"),
    "yaml.word.mapping": ("映射", "a mapping"),
    "yaml.word.sequence": ("列表", "a list"),
    "yaml.word.scalar": ("单个值", "a single value"),
    "yaml.token.stream_end": ("文件结尾", "the end of the file"),
    "yaml.token.stream_start": ("文件开头", "the start of the file"),
    "yaml.token.block_end": ("一段的结尾", "the end of a block"),
    "yaml.token.block_mapping_start": ("新的“键: 值”", "a new 'key: value'"),
    "yaml.token.block_sequence_start": ("新的列表项“-”", "a new list item '-'"),
    "yaml.token.document_start": ("文档开始“---”", "the document start '---'"),
    "yaml.token.document_end": ("文档结束“...”", "the document end '...'"),
    "yaml.token.directive": ("指令（%）", "a directive (%)"),
    "yaml.token.scalar": ("一段文字", "a text"),
    "yaml.token.alias": ("别名（*）", "an alias (*)"),
    "yaml.token.anchor": ("锚点（&）", "an anchor (&)"),
    "yaml.token.tag": ("标签（!）", "a tag (!)"),
    "yaml.token.mark": ("“{mark}”", "'{mark}'"),
    "input.too_deep": ("值的嵌套超过 {limit} 层", "values nest deeper than {limit} levels"),
    "input.too_many_values": ("超过 {limit} 个值（别名是否在展开？）", "more than {limit} values (are aliases expanding?)"),
    "input.recursive_alias": ("递归别名：此处锚定的值包含它自身", "a recursive alias: the value anchored here contains itself"),
    "input.bad_value": ("无法读取值 {value}：{reason}", "cannot read value {value}: {reason}"),
    "input.key_not_text": ("映射的键必须是纯文本", "mapping keys must be plain text"),
    "input.duplicate_key": ("重复的键 {key}（第一次定义在第 {line} 行）", "duplicate key {key} (first defined at line {line})"),
    "input.kind.plan": ("预案", "a plan"),
    "input.kind.scenario": ("情景", "a scenario"),
    "input.kind.area": ("区域", "an area"),
    "input.kind_has": ("{kind}有 {keys}", "{kind} has {keys}"),
    "input.and": (" 和 ", " and "),
    "input.undecided": ("无法判断这是预案、情景还是区域（{described}）；或把它放到 plans/、plans/scenarios/ 或 plans/areas/ 中",
        "cannot tell whether this is a plan, a scenario or an area ({described}); or put it in plans/, "
        "plans/scenarios/ or plans/areas/"),
    "input.other_kind": ("这是{found}，不是{expected}：它有 {listed}，这是{found}才有而{expected}没有的（{expected}形如 {home}）",
        "this is {found}, not {expected}: it has {listed}, which {found} has and {expected} does not ({expected} is "
        "like {home})"),
    "input.negative_replication": ("抽样编号 {replication} 为负数：抽样编号从 0 开始", "replication {replication} is negative: replications count from 0"),
    "input.not_a_template": ("不是模板：请加上说明如何抽取事件的 `template:` 段（见 plans/scenarios/random-blackout.yaml）",
        "not a template: add a `template:` section that says how to draw incidents (see plans/scenarios/random-blackout.yaml)"),
    "input.id_not_stem": ("在预案目录中，预案标识 {id} 必须与文件名 {stem} 相同（在目录中按标识查找预案）",
        "plan id {id} must equal the file name stem {stem} in a plans directory (plans are found there by id)"),
    "input.no_yaml_here": ("此目录中没有 *.yaml 文件（不查找子目录）", "no *.yaml files in this directory (its subdirectories are not searched)"),
    "input.loaded_twice": ("预案标识 {id} 被加载了两次", "plan id {id} is loaded twice"),
    "input.no_key_to_edit": ("没有可修改的这个键", "no such key to edit"),
    "input.not_a_plain_number": ("这一行的值不是一个普通数字", "the value is not a plain number on this line"),
    "input.scenario_not_loaded": ("情景未加载", "scenario not loaded"),
    "bans.no_notice": ("此处没有禁火通告（kind: ban_notice）", "no ban notice (kind: ban_notice) found here"),
    "bans.part_of_differs": ("辖区 {id} 在此属于 {here}，在另一份通告中却属于 {there}",
        "jurisdiction {id} is part of {here} here but of {there} in another notice"),
    "bans.zone_twice": ("区域标识 {id} 也由 {other} 定义；各通告的区域标识必须互不相同",
        "zone id {id} is also defined by {other}; zone ids must be unique across notices"),
    "input.missing": ("缺少必填字段 {field}", "missing required field {field}"),
    "input.unknown_key": ("未知的键 {key}（此处没有这个字段；请检查拼写和缩进）",
        "unknown key {key} (not a field here; check its spelling and indentation)"),
    "input.unknown_key_comma": ("未知的键 {key}：多半是花括号 {{…}} 内未加引号的文字中有逗号，逗号后的文字被读成了一个键；请给这段文字加上引号",
        "unknown key {key}: most likely a comma in unquoted text inside braces {{…}} made a key of the words after "
        "it; put the text in quotes"),
    "input.unknown_tag": ("未知的 {field} {tag}；应为以下之一：{expected}", "unknown {field} {tag}; expected one of {expected}"),
    "input.quoted_number": ("应为数字，不加引号（实际为文字 {got}）", "should be a number, written without quotes (got the text {got})"),
    "input.got": ("{message}（实际为 {got}）", "{message} (got {got})"),
    "input.because": ("{message}：{reason}", "{message}: {reason}"),
    # -- why a number is bounded (sim.bounds.REASONS): a file that validates must run to its end
    "bound.horizon": ("一次推演最长一年", "a run lasts at most a year"),
    "bound.step_min": ("火场至少每分钟推进一步：更细的步长不改变规划人员看到的结果，却让每起火灾的计算量成倍增加",
        "a fire steps at least a minute at a time: a finer step changes nothing a planner reads and multiplies every "
        "fire's work"),
    "bound.sigma": ("对数正态分布的 σ 为 3 时，一个标准差已是 20 倍，远宽于任何时长估计；更大会使抽样溢出",
        "a lognormal σ of 3 is already a factor of 20 for one standard deviation, far wider than any estimate of a "
        "duration; more overflows the draw"),
    "bound.calendar": ("日期须在 1900 至 2199 年之间，为由此推算的日期（推演结束、季节的日子）留出余地",
        "dates lie between 1900 and 2199, which leaves room for every date derived from them (a run's end, a "
        "season's days)"),
    "bound.per_day": ("每个地点每天的尝试次数（乘以繁忙日系数之前）：引擎逐一模拟每次尝试",
        "attempts at one place per day, before busy-day factors: the engine simulates each one"),
    "bound.factor": ("倍数最多 1,000 倍：更大的倍数会使时长、速率或负荷超出引擎的计算范围",
        "multipliers are at most 1,000: more takes a duration, rate or load beyond what the engine computes with"),
    "bound.repeat": ("职责至少每 6 分钟才重复一次：更频繁的重复就是持续工作，而不是重复",
        "a duty repeats at most every six minutes: more often is continuous work, not a repeat"),
    "bound.list": ("推演对每次尝试、每一步或每次变化都要遍历这个列表，因此限制其长度",
        "a run goes through this list for every attempt, step or change, so its length is bounded"),
    # -- a model's own checks of a plan, scenario or template (raised as ValueError(Message))
    "model.source_or_assumption": ("每条规则都需要 `source`（文件、条款、原文）或说明理由的 `assumption`",
        "every rule needs a `source` (document, clause, quote) or an `assumption` with its rationale"),
    "model.assumption_bilingual": ("`assumption` 应有中文和英文两种文字，写作 {zh: …, en: …}，而不是一段文字",
        "an `assumption` is written in Chinese and in English, as {zh: …, en: …}, not as one string"),
    "model.inverted_range": ("范围颠倒：下限（{min}）不得大于上限（{max}）", "inverted range: min ({min}) must not exceed max ({max})"),
    "model.figure_range_empty": ("取值范围需要 `min`、`max` 或两者", "a range needs `min`, `max` or both"),
    "model.date_missing": ("未给出 {what}：请写明日期，或在 `assumption` 中说明文件为何未载明日期",
        "{what} not given: state the date, or say in `assumption` why the document's date is not stated"),
    "model.threshold_bounds": ("阈值需要 `min`、`max` 或两者", "a threshold needs `min`, `max` or both"),
    "model.threshold_inverted": ("范围颠倒：下限（{min}）应小于上限（{max}）", "inverted range: min ({min}) must be below max ({max})"),
    "model.month_day": ("应为“月-日”（MM-DD），实际为 {value}", "expected a month-day as 'MM-DD', got {value}"),
    "model.no_such_day": ("一年中没有这一天：{value}", "no such day of the year: {value}"),
    "model.dates_inverted": ("范围颠倒：开始 {start} 晚于结束 {end}", "inverted range: start {start} is after end {end}"),
    "model.period_kind": ("时段须且只能有 `dates` 或 `annual` 之一", "a period needs exactly one of `dates` or `annual`"),
    "model.area_kind": ("范围须为 `zones`（可带 `buffer_m`）或 `jurisdiction` 之一",
        "an area is either `zones` (with optional `buffer_m`) or a `jurisdiction`"),
    "model.distribution_needs": ("{dist} 分布需要 {what}", "a {dist} distribution needs {what}"),
    "model.distribution_takes_no": ("{dist} 分布不接受 {what}", "a {dist} distribution takes no {what}"),
    "model.min_mode_max": ("应满足 min < max（且 min <= mode <= max）", "needs min < max (and min <= mode <= max)"),
    "model.fault_what": ("故障需要 `substations`、`feeders` 或 `random`", "a fault needs `substations`, `feeders` or `random`"),
    "model.incident_end": ("次生事件需要 `cleared_by`（一项职责）或 `duration_h`，否则永不结束",
        "an incident needs `cleared_by` (a duty) or `duration_h`, or it never closes"),
    "model.scenario_story": ("情景需要 `injects` 或 `fire_ban` 部分来讲述事件经过",
        "a scenario needs `injects` or a `fire_ban` section to tell its story"),
    "model.distance_negative": ("距区域边缘的距离应为 0 或更大（米）", "distances outside a zone's edge are 0 or more metres"),
    "model.hours_increase": ("时间应从 from_h: 0 开始并递增", "hours must start at from_h: 0 and increase"),
    "model.needs_plan": ("`unit` 或 `requirement` 属于某个 `plan`：请写明", "a `unit` or `requirement` belongs to a `plan`: name it"),
    "model.needs_unit": ("`duty` 属于某个单位：请写明 `unit`", "a `duty` is a unit's: name the `unit`"),
    "model.draw_needs": ("{dist} 抽样需要 {what}", "a {dist} draw needs {what}"),
    "model.draw_takes_no": ("{dist} 抽样不接受 {what}", "a {dist} draw takes no {what}"),
    "model.integers_whole": ("integers 抽样的 min 和 max 应为整数", "integers needs whole-number min and max"),
    "model.cap_below_median": ("上限 `max` 低于中位数", "the cap `max` is below the median"),
    "model.damage_what": ("损坏需要 `substations` 或 `feeder_share`", "damage needs `substations` or `feeder_share`"),
    "model.cause_what": ("起因需要 `damage`、`demand` 或 `supply`：它必须减少一些负荷",
        "a cause needs `damage`, `demand` or `supply`: it must take some load off"),
    # -- a run's work, bounded before it starts (sim.inputs.workload; the bounds in sim.bounds)
    "workload.rate_days": ("{days} 天乘以各活动的地点条目，共 {cells} 个尝试单元，引擎最多 {limit} 个：尝试按每天、每项活动、每个地点抽取",
        "{days} days times the activities' place entries make {cells} attempt cells; the engine takes at most {limit}: "
        "attempts are drawn for every day, activity and place"),
    "workload.attempts": ("整个推演预计有 {attempts} 次用火尝试（每天的次数乘以繁忙日系数），引擎最多 {limit} 次：每次尝试都逐一模拟",
        "{attempts} attempts expected over the run (the rates per day times the busy-day factors); the engine takes "
        "at most {limit}: it simulates each one"),
    "workload.fires": ("预计最多引发 {fires} 起火灾（尝试次数乘以最高起火概率，加上脚本尝试），引擎最多 {limit} 起：每起火灾都有自己的报告、队伍和处罚",
        "up to {fires} fires expected (the attempts times their highest chance of starting a fire, plus the scripted "
        "attempts); the engine takes at most {limit}: each fire has its own reports, crews and penalties"),
    "workload.fire_steps": ("预计最多 {fires} 起火灾，每起可能燃烧到推演结束，共 {steps} 步，合计 {product} 步，引擎最多 {limit} 步：每起火灾每步都要计算，直到被控制；请加大 step_min、缩短 horizon_h 或降低尝试次数和起火概率",
        "up to {fires} fires, each of which may burn to the end of the run in {steps} steps, make {product} steps; "
        "the engine takes at most {limit}: each fire is a step of work every step until it is contained; raise "
        "step_min, shorten horizon_h or lower the attempts or their chance of starting a fire"),
    "workload.crew_trips": ("预计最多 {fires} 起火灾，每起派出 {per_fire} 支队伍，共 {product} 次出动，引擎最多 {limit} 次：每支出动的队伍都单独模拟",
        "up to {fires} fires with {per_fire} crews sent to each make {product} crew trips; the engine takes at most "
        "{limit}: each crew sent is simulated on its own"),
    "workload.network_changes": ("推演中电网共有 {changes} 次变化（情景事件与受损的变电站和线路，含火灾烧到线路走廊），引擎最多 {limit} 次：每次变化都记录事件",
        "{changes} changes of the network over the run (injects and the substations and feeders they, or fires "
        "reaching a corridor, damage); the engine takes at most {limit}: each change is logged"),
    "workload.network_work": ("电网共有 {changes} 次变化，乘以区域的 {elements} 座变电站和条线路，为 {product}，引擎最多 {limit}：每次变化和每次抢修都要遍历全部设施",
        "{changes} changes of the network times the area's {elements} substations and feeders make {product}; the "
        "engine takes at most {limit}: every change and every repair goes through all of them"),
    "workload.repeats": ("预案中重复执行的职责在整个推演中共启动 {repeats} 次，引擎最多 {limit} 次：每次启动都记录事件；请加大 repeat_every_h 或缩短 horizon_h",
        "the plans' repeating duties start {repeats} times over the run; the engine takes at most {limit}: each start "
        "is logged; lengthen repeat_every_h or shorten horizon_h"),
    "workload.elements": ("区域有 {elements} 座变电站和条线路，引擎最多 {limit}：每次抢修都要对所有受损设施排序",
        "the area has {elements} substations and feeders; the engine takes at most {limit}: every repair orders all "
        "the damaged ones"),
    # -- lint: mistakes that load cleanly but make a plan wrong (sim.lint). A level named after
    # its kind ("事件级别", "the severity level") is quoted, so a plan that calls its levels
    # "Ⅱ级" or "Level II" never reads "level Level II"
    "lint.gap_top": ("缺口：{metric}从 {value} 起不属于任何级别（最高一级“{level}”的区间止于此）",
        "gap: {metric} from {value} up meets no level (the most severe band, {level}, stops there)"),
    "lint.overlap_no_upper": ("重叠：{level}的{metric}区间没有上限，因而与{other}的区间重叠",
        "overlap: the {metric} band of {level} has no upper bound, so it runs into the band of {other}"),
    "lint.overlap_no_lower": ("重叠：{level}的{metric}区间没有下限，因而与{other}的区间重叠",
        "overlap: the {metric} band of {level} has no lower bound, so it runs into the band of {other}"),
    "lint.gap_between": ("缺口：{metric}从 {low} 到 {high} 既不属于{level}，也不属于{other}",
        "gap: {metric} from {low} to {high} meets neither {level} nor {other}"),
    "lint.overlap_between": ("重叠：{metric}从 {low} 到 {high} 同时属于{level}和{other}",
        "overlap: {metric} from {low} to {high} lies in both {level} and {other}"),
    "lint.found_where": ("{what}（当 {cells}{more}）", "{what} where {cells}{more}"),
    "lint.more": ("，另有 {n} 处", " (and {n} more)"),
    "lint.cell_sep": (" | ", " | "),
    "lint.figure_within": ("{figure}在 {cell}", "{figure} {cell}"),
    "lint.figure_is": ("{figure}为{value}", "{figure} = {value}"),
    "lint.figure_equals": ("{figure}为 {value}", "{figure} = {value}"),
    "lint.figure_of_grid": ("{grid}的{figure}", "{figure} of the {grid}"),
    "lint.grid_instance": ("{scope}{grid}", "{scope} {grid}"),
    "lint.gap_above": ("缺口：{metric}从 {value} 起不属于任何级别（最高一级的区间止于此）",
        "gap: {metric} from {value} up meets no level (the most severe band stops there)"),
    "lint.gap_discretion": ("缺口：事件（{figures}）不属于任何级别，也不在酌情启动响应的范围内",
        "gap: an incident with {figures} meets no level and lies outside the discretionary band"),
    "lint.overlap_at": ("重叠：{metric}为 {value} 时同时属于{level}和{other}（两端都含本数）",
        "overlap: {metric} = {value} lies in both {level} and {other} (both bounds include it)"),
    "lint.gap_at": ("缺口：{metric}为 {value} 时既不属于{level}，也不属于{other}（两端都不含本数）",
        "gap: {metric} = {value} meets neither {level} nor {other} (both bounds exclude it)"),
    "lint.level_never_met": ("事件级别“{level}”永远不会达到：其区间相互矛盾或超出指标可能的取值",
        "the severity level “{level}” can never be met: its ranges contradict each other or lie outside the metrics' "
        "possible values"),
    "lint.level_unreachable": ("事件级别“{level}”永远达不到：它涵盖的每种情况都已达到更严重的级别（{above}）",
        "the severity level “{level}” is unreachable: every case it covers already meets a more severe level ({above})"),
    "lint.row_never_met": ("事件级别“{level}”的第 {row} 条标准永远不起作用：其区间相互矛盾或超出指标可能的取值",
        "row {row} of the severity level “{level}” can never decide: its ranges contradict each other or lie outside "
        "the figures' possible values"),
    "lint.row_shadowed": ("事件级别“{level}”的第 {row} 条标准永远不起作用：它涵盖的每种情况都已达到更严重的级别",
        "row {row} of the severity level “{level}” can never decide: every case it covers already meets a more severe "
        "level"),
    "lint.level_starts_nothing": ("事件级别“{level}”不启动任何响应级别", "the severity level “{level}” starts no response level"),
    "lint.measure_unlisted_unit": ("职责{duty}落实措施“{measure}”，但该措施未列入{unit}",
        "duty {duty} carries out the measure “{measure}”, which does not list {unit}"),
    "lint.measure_undone": ("没有职责落实措施“{measure}”：其所列单位都没有 measure: {id} 的职责",
        "no duty carries out the measure “{measure}”: none of its units has a duty with measure: {id}"),
    "lint.measure_unit_idle": ("{unit}列入措施“{measure}”，但没有相应职责",
        "{unit}: listed for the measure “{measure}”, but with no duty for it"),
    "lint.member_no_duty": ("成员单位{unit}没有职责", "the member unit {unit} has no duty"),
    "lint.unit_no_part": ("{unit}没有职责，在预案中也没有任何角色", "{unit}: no duty, and no part anywhere in the plan"),
    "lint.the_warning_trigger": ("预警触发条件", "the warning trigger"),
    "lint.the_warning_escalation": ("预警升级条件", "the warning escalation"),
    "lint.the_discretion": ("酌情启动响应的条件", "the discretionary response"),
    "lint.the_hop": ("报告环节“{hop}”", "the report hop “{hop}”"),
    "lint.never_holds": ("{what}永远不会成立：其区间相互矛盾或超出指标可能的取值",
        "{what} can never hold: its ranges contradict each other or lie outside the metrics' possible values"),
    "lint.hop_unknown_severity": ("报告环节“{hop}”检验事件级别 {value}，但预案没有这个事件级别",
        "the report hop “{hop}” tests severity {value}, which is no severity level of the plan"),
    "lint.termination_never_holds": ("终止条件{condition}永远不会成立：其区间相互矛盾或超出指标可能的取值，响应将无法终止",
        "termination condition {condition} can never hold: its ranges contradict each other or lie outside the "
        "metrics' possible values, so the response could never end"),
    "lint.termination_contradict": ("各终止条件相互矛盾：永远不能同时成立",
        "the termination conditions contradict each other: they can never all hold at once"),
    "lint.decider_unreached": ("从{start}出发的报告链到达不了决策单位{decider}",
        "no chain of report hops from {start} reaches the decision-maker, {decider}"),
    "lint.hop_unreached": ("报告环节“{hop}”始于{unit}，但从{start}出发的报告到达不了该单位",
        "the report hop “{hop}” starts at {unit}, whom no report from {start} reaches"),
    "lint.activity": ("活动", "the activity"),
    "lint.zone": ("区域", "the zone"),
    "lint.penalty": ("处罚", "the penalty"),
    "lint.unused": ("{what}“{name}”没有被任何规则使用", "{what} “{name}” is used by no rule"),
    # -- a plan's cross-references (sim.references)
    "ref.duplicate": ("{what}编号 {id} 重复：已在 {first} 处给出", "duplicate {what} id {id}: already given at {first}"),
    "ref.id_given": ("{what}编号 {id} 已是 {first} 处{first_what}的编号：步骤、报告环节和职责在日志和演练中都只凭编号区分，"
                     "编号须各不相同",
                     "{what} id {id} is already the id of the {first_what} at {first}: the log and a drill tell steps, "
                     "report hops and duties apart by their ids alone, so each needs its own"),
    "ref.notice_duty_given": ("{what}编号 {id} 已是 {first} 处{first_what}的编号：通告的职责在日志和报告中都只凭编号区分，"
                              "编号须各不相同",
                              "{what} id {id} is already the id of the {first_what} at {first}: the log and a report "
                              "tell a notice's duties apart by their ids alone, so each needs its own"),
    "ref.unnamed_condition": (
        "事件条件 {value} 没有名称：预案的 conditions 中没有它（已命名：{choices}）。若不是笔误，请在 conditions 中为它命名",
        "incident condition {value} has no name: the plan's conditions do not list it (named: {choices}). Unless it is "
        "a typo, name it under conditions"),
    "ref.unknown": ("未知的{what} {value}（已定义：{choices}）", "unknown {what} {value} (defined: {choices})"),
    "ref.none_defined": ("无", "none defined"),
    "ref.value_of": ("{context}的取值", "value of {context}"),
    "ref.unknown_grid": ("未知的电网范围 {grid}（预案的 grid_scope 取值：{scopes}）",
        "unknown grid scope {grid} (the plan's grid_scope values: {scopes})"),
    "ref.threshold_outside": ("{metric}的取值在 {low} 至 {high} 之间，阈值 {value} 不在其中",
        "{metric} lies between {low} and {high}; a bound of {value} is outside it"),
    "ref.threshold_below": ("{metric}不会小于 {low}，阈值 {value} 不可能", "{metric} is never below {low}; a bound of {value} cannot be"),
    "ref.threshold_uncited": ("{metric}的阈值没有出处：事件级别的每个阈值都需要 `source`（条款、原文）或说明理由的 `assumption`",
        "the threshold on {metric} cites nothing: every threshold of a severity level needs a `source` (clause, quote) "
        "or an `assumption` with its rationale"),
    "ref.unknown_context": ("未知的情形 {context}（预案的情形：{contexts}）", "unknown context {context} (the plan's contexts: {contexts})"),
    "ref.effective_missing": ("通告自施行日期起适用：请写明施行日期", "a notice applies from its effective date: state it"),
    "ref.what.unit": ("单位", "unit"),
    "ref.what.metric": ("指标", "metric"),
    "ref.what.severity_level": ("事件级别", "severity level"),
    "ref.what.response_level": ("响应级别", "response level"),
    "ref.what.measure": ("响应措施", "measure"),
    "ref.what.resource": ("资源", "resource"),
    "ref.what.context": ("情形", "context"),
    "ref.what.activity": ("活动", "activity"),
    "ref.what.zone": ("区域", "zone"),
    "ref.what.penalty": ("处罚", "penalty"),
    "ref.what.rule": ("禁止性规定", "rule"),
    "ref.what.period": ("时段", "period"),
    "ref.what.jurisdiction": ("辖区", "jurisdiction"),
    "ref.what.condition": ("事件条件", "incident condition"),
    "ref.what.duty": ("职责", "duty"),
    "ref.what.step": ("步骤", "step"),
    "ref.what.hop": ("报告环节", "report hop"),
    # -- a Case's cross-references: the scenario against its plans and area, and the area, fire-ban
    #    section and template within (sim.inputs.case, scenario, area, fire_ban_references, template)
    "ref.what.inject": ("情景事件", "inject"),
    "ref.what.objective": ("演练目标", "objective"),
    "ref.what.plan": ("预案", "plan"),
    "ref.what.town": ("居民点", "town"),
    "ref.what.substation": ("变电站", "substation"),
    "ref.what.feeder": ("馈线", "feeder"),
    "ref.what.element": ("变电站或馈线", "substation or feeder"),
    "ref.what.grid": ("电网", "grid"),
    "ref.what.power_plant": ("电厂", "power plant"),
    "ref.what.area_corridor": ("线路走廊", "corridor of the area"),
    "ref.what.place": ("地点", "place"),
    "ref.what.fuel": ("可燃物", "fuel"),
    "ref.what.patrol": ("巡查", "patrol"),
    "ref.what.checkpoint": ("检查站", "checkpoint"),
    "ref.what.detector": ("监测", "detector"),
    "ref.what.crew": ("扑火队伍", "crew"),
    "ref.what.scripted": ("预设的尝试", "scripted attempt"),
    "ref.what.requirement": ("要求", "requirement"),
    "ref.what.contact": ("联系方式", "contact"),
    "ref.what.season": ("季节", "season"),
    "ref.what.weather": ("天气", "weather"),
    "ref.what.cause": ("起因", "cause"),
    "xref.no_area_file": ("没有标识为 {id} 的区域：查找的是 {file}；{there}", "no area with id {id}: looked for {file}; {there}"),
    "xref.no_plan_file": ("没有标识为 {id} 的预案：查找的是 {file}；{there}", "no plan with id {id}: looked for {file}; {there}"),
    "xref.files_there": ("那里的 YAML 文件有 {known}", "the YAML files there are {known}"),
    "xref.and_more": ("{known}等，另有 {more} 个", "{known} and {more} more"),
    "xref.layout": ("情景的预案从情景所在目录的上一级目录读取，区域从该目录下的 areas/ 读取（plans/scenarios/ 中的情景即 plans/ 和 "
        "plans/areas/）：请把情景放在这样的 scenarios/ 目录中",
        "a scenario's plans are read from the folder above its own, and its area from areas/ in that folder "
        "(plans/ and plans/areas/ for plans/scenarios/): keep the scenario in such a scenarios/ folder"),
    "xref.duplicate_id": ("编号 {id} 重复", "duplicate id {id}"),
    "xref.after_horizon": ("第 {at} 小时不在推演时长（{horizon} 小时）之内：应早于它", "at {at} h is not before the horizon ({horizon} h)"),
    "xref.plan_not_loaded": ("没有加载标识为 {id} 的预案", "no plan with id {id} was loaded"),
    "xref.area_id": ("区域文件的标识是 {found}（{area}），不是 {id}", "the area file's id is {found} ({area}), not {id}"),
    "xref.unnamed_condition": (
        "事件条件 {value} 没有名称：情景的预案和区域都没有在 conditions 中命名它（已命名：{choices}）。若不是笔误，请在预案或区域的 conditions 中为它命名",
        "incident condition {value} has no name: neither a plan of the scenario nor the area names it under conditions "
        "(named: {choices}). Unless it is a typo, name it under a plan's or the area's conditions"),
    "xref.unknown_duty": ("未知的职责 {value}（情景的预案都没有定义它）", "unknown duty {value} (no plan of the scenario defines it)"),
    "xref.duty_no_resource": ("职责 {duty} 不使用资源：它没有可派出的发电车", "duty {duty} uses no resource: it has no generators to send"),
    "xref.not_a_commander": ("{unit} 不在可于{level}行事的单位之中（预案列出：{choices}）",
        "{unit} is not among those who may act at {level} (the plan names: {choices})"),
    "xref.figure_not_computed": ("预案 {plan} 检验的数据 {figure} 不由引擎计算（引擎计算：{known}）",
        "plan {plan} tests the figure {figure}, which the engine does not compute (it computes: {known})"),
    "xref.figure_not_in_area": ("预案 {plan} 从区域读取数据 {figure}，但区域只给出 {known}",
        "plan {plan} reads the figure {figure} from the area, which gives only {known}"),
    "xref.context_from_area": ("{context} 在预案 {plan} 中从区域读取；情景不能设定它",
        "{context} is read from the area under plan {plan}; the scenario may not set it"),
    "xref.unknown_value": ("{context} 没有取值 {value}：预案 {plan} 可取 {choices}",
        "{context} has no value {value}: plan {plan} knows {choices}"),
    "xref.forecast_not_read": ("情景的预案的预警都不从预报读取数据 {figure}，它不会引发预警（预警读取：{known}）",
        "no warning of the scenario's plans reads the figure {figure} from a forecast, so it issues no warning "
        "(they read: {known})"),
    "xref.figure_out_of_range": ("{figure}为 {value}；应{range}", "{figure} is {value}; it must {range}"),
    # the values a figure can take (sim.severity.range_words), as a refusal of one outside them says them
    "figure.range_within": ("在 [{low}, {high}] 之内", "lie in [{low}, {high}]"),
    "figure.range_at_least": ("不小于 {low}", "be {low} or more"),
    "figure.range_at_most": ("不大于 {high}", "be {high} or less"),
    "xref.figure_not_a_number": ("{figure}是数值，应写作数字（是/否的事实写 1 或 0），而不是 {value}：写成文字的值，"
        "检验它的标准永远不会成立",
        "{figure} is a number: write it as one (1 or 0 for a yes/no fact), not {value}; a value in words never "
        "meets a criterion that tests it"),
    "xref.figure_not_read": ("情景的预案都不从情景读取数据 {figure}（它们读取：{known}）",
        "no plan of the scenario reads the figure {figure} from the scenario (they read: {known})"),
    "xref.figure_not_set": ("预案 {plan} 从情景读取数据 {figure}，但情景从未设定它，检验它的分级标准永远不会成立："
        "请在 figures 中写出它开始时的值（不成立时写 0），或用 figure 注入设定它",
        "plan {plan} reads the figure {figure} from the scenario, which never sets it, so the criteria that test it can "
        "never hold: give its value at the start under figures (0 when it does not hold), or set it with a figure inject"),
    "xref.scope_unknown": ("区域 {area} 有范围为 {scope} 的电网，预案 {plan} 不认识这一范围（它认识：{choices}）",
        "area {area} has a grid of scope {scope}, which plan {plan} does not know (it knows: {choices})"),
    "xref.several_grids_figure": ("区域 {area} 有多个范围为 {scope} 的电网；情景设定的数据只属于某一范围中的一个电网",
        "area {area} has several grids of scope {scope}; a figure set by the scenario belongs to one grid of a scope only"),
    "xref.several_grids_condition": ("预案 {plan} 有一个须在范围为 {scope} 的电网上持续 {hours} 小时的条件，而本区域有多个这样的电网："
        "这种条件只读取某一范围中的一个电网",
        "plan {plan} has a condition that must hold for {hours} h on the grid of scope {scope}, and this area has "
        "several: such a condition reads one grid of a scope only"),
    "xref.unknown_in_area": ("区域 {area} 中没有{what} {value}", "unknown {what} {value} in area {area}"),
    "xref.unknown_in_area_choices": ("区域 {area} 中没有{what} {value}（已定义：{choices}）",
        "unknown {what} {value} in area {area} (defined: {choices})"),
    "xref.fed_in_loop": ("变电站 {substation} 的供电形成环路", "substation {substation} is fed in a loop"),
    "xref.key_user_load": ("重要用户 {user} 的负荷 {load} MW 超过其馈线 {feeder} 的 {feeder_load} MW",
        "the load of key user {user}, {load} MW, exceeds the {feeder_load} MW of its feeder {feeder}"),
    "xref.unknown_in_plan": ("预案 {plan}中没有{what} {value}（已定义：{choices}）",
        "unknown {what} {value} of plan {plan} (defined: {choices})"),
    "xref.unit_has_no_duty": ("预案 {plan} 的单位 {unit} 没有职责 {duty}（它的职责：{choices}）",
        "unit {unit} of plan {plan} has no duty {duty} (its duties: {choices})"),
    "xref.dates_outside_run": ("日期 {start}–{end} 须在情景的推演期间 {run_start}–{run_end} 之内",
        "the dates {start}–{end} must lie within the scenario's run, {run_start}–{run_end}"),
    "xref.no_regime": ("没有天气状况覆盖 {day}", "no weather regime covers {day}"),
    "xref.checkpoint_requirement": ("检查站检查其预案的一项 `requirement`（进入许可）：请写明",
        "a checkpoint checks a `requirement` of its plan (an entry permit)"),
    "xref.penalty_needs_when": ("{notice} 的处罚 {penalty}（规则 {rule}）需要 `when`：它适用的情形",
        "penalty {penalty} of {notice} (rule {rule}) needs a `when`: the circumstances in which it applies"),
    "xref.template_fires": ("一起事件预计最多 {most} 起火灾（均值 × 天气、起因和时段系数的最大值）；引擎最多处理 {limit} 起",
        "up to {most} fires expected in one incident (mean × the largest weather, cause and period factors); "
        "the engine takes at most {limit}"),
    "xref.month_twice": ("有一个月份属于两个季节", "a month belongs to two seasons"),
    "xref.seasons_weightless": ("每个季节的权重都是 0", "every season has weight 0"),
    "xref.causes_weightless": ("每个起因的权重都是 0", "every cause has weight 0"),
    "xref.no_weather_in_season": ("此起因允许的天气都不会在季节 {season} 出现", "no weather this cause allows can happen in season {season}"),
    "xref.no_forecast_weather": ("写了 `forecast: weather`，但此起因的天气都没有预报",
        "`forecast: weather` but none of the cause's weather has a forecast"),
    # -- pydantic's checks, each wording once; sim.validation_text.WORDED says which error types read so
    "pydantic.number": ("应为数字", "should be a number"),
    "pydantic.whole_number": ("应为整数", "should be a whole number"),
    "pydantic.int_from_float": ("应为整数（不能有小数部分）", "should be a whole number, without a fractional part"),
    "pydantic.true_or_false": ("应为 true 或 false", "should be true or false"),
    "pydantic.text": ("应为文本", "should be text"),
    "pydantic.mapping": ("应为映射（键: 值）", "should be a mapping (key: value)"),
    "pydantic.list": ("应为列表", "should be a list"),
    "pydantic.date": ("应为日期（YYYY-MM-DD）", "should be a date (YYYY-MM-DD)"),
    "pydantic.valid_date": ("应为有效日期（YYYY-MM-DD）", "should be a valid date (YYYY-MM-DD)"),
    "pydantic.date_without_time": ("应为日期，不带时刻", "should be a date, without a time of day"),
    "pydantic.datetime": ("应为日期时间（YYYY-MM-DDTHH:MM:SS）", "should be a date and time (YYYY-MM-DDTHH:MM:SS)"),
    "pydantic.valid_datetime": ("应为有效日期时间（YYYY-MM-DDTHH:MM:SS）",
        "should be a valid date and time (YYYY-MM-DDTHH:MM:SS)"),
    "pydantic.greater_than": ("应大于 {gt}", "should be greater than {gt}"),
    "pydantic.greater_than_equal": ("应大于或等于 {ge}", "should be at least {ge}"),
    "pydantic.less_than": ("应小于 {lt}", "should be less than {lt}"),
    "pydantic.less_than_equal": ("应小于或等于 {le}", "should be at most {le}"),
    "pydantic.multiple_of": ("应为 {multiple_of} 的倍数", "should be a multiple of {multiple_of}"),
    "pydantic.finite_number": ("应为有限数值", "should be a finite number"),
    "pydantic.too_short": ("至少应有 {min_length} 项，实际 {actual_length} 项",
        "should have {min_length} or more items, not {actual_length}"),
    "pydantic.too_long": ("至多应有 {max_length} 项，实际 {actual_length} 项",
        "should have {max_length} or fewer items, not {actual_length}"),
    "pydantic.string_too_short": ("至少应有 {min_length} 个字符", "should have {min_length} or more characters"),
    "pydantic.string_too_long": ("至多应有 {max_length} 个字符", "should have {max_length} or fewer characters"),
    "pydantic.string_pattern_mismatch": ("应符合格式 {pattern}", "should match the pattern {pattern}"),
    "pydantic.id": ("应为标识（id）：只用拉丁字母、数字和 _ . -，以字母或数字开头；中文名称写在 name: 里",
        "should be an id: Latin letters, digits and _ . - only, starting with a letter or digit; a name in Chinese "
        "goes in name:"),
    "pydantic.one_of": ("应为 {expected}", "should be {expected}"),
    "pydantic.one_of_list": ("应为以下之一：{expected}", "should be one of {expected}"),
    # -- the named parts of a document a rule may cite (sim.event_kinds.clause_label)
    "clause_part.preamble": ("序言", "Preamble"),
    "clause_part.closing": ("结尾", "Closing"),
    "clause_part.notice": ("通知", "Notice"),
    "clause_part.issuing_notice": ("印发通知", "Issuing notice"),
    "clause_part.question": ("问答", "Q&A"),
    # -- the app's pages
    "app.title": ("推演 · 应急预案推演", "Tuiyan · emergency-plan simulator"),
    "app.caption": ("把应急预案写成带出处的规则，推演事件如何展开。", "Emergency plans as cited rules; run incidents through them."),
    "lang.label": ("语言 Language", "Language 语言"),
    # each page as the menu names it and as its title reads: one label, so the two never differ
    "nav.plans": ("预案", "Plans"),
    "nav.run": ("推演运行", "Run a scenario"),
    "nav.walk": ("逐步复盘", "Walk-through"),
    "nav.whatif": ("假设分析", "What-if"),
    "nav.bans": ("禁火查询", "Fire-ban check"),
    "nav.facilitator": ("演练导调", "Drill facilitator"),
    "nav.participant": ("演练参演", "Drill participant"),
    "nav.projector": ("演练投影", "Drill on the projector"),
    "common.clause": ("条款", "Clause"),
    "common.choose_option": ("请选择", "Choose an option"),  # an empty select box's placeholder
    "common.titled": ("《{title}》", "“{title}”"),  # a document's title within a sentence
    "common.quote": ("原文", "Original text"),
    "common.clause_quote": ("条款与原文", "Clause and original text"),
    "common.quote_unchecked": ("（未经核对公开原文）", " (not checked against a published copy)"),
    "common.assumption": ("假设", "Assumption"),
    "common.source": ("出处", "Source"),
    "common.unit": ("单位", "Unit"),
    "common.units": ("单位", "Units"),
    "common.name": ("名称", "Name"),
    "common.text": ("内容", "Text"),
    "common.duration": ("时长", "Duration"),
    "common.none": ("无", "none"),
    # no response level reached (a run that never declared one)
    "common.no_response": ("未启动响应", "no response"),
    # between alternatives: one of them acts (县人民政府或各镇人民政府)
    "common.or": ("或", " or "),
    # between the items of a list (messages.joined picks between these two)
    "common.list_sep": ("、", ", "),
    # ... when an item holds the list's own mark: an English name with a comma of its own
    # ("Baiyangou, Daqingshan National Nature Reserve; Ma'anshan, …")
    "common.list_sep_held": ("、", "; "),
    # between clauses of one sentence or items that are themselves phrases
    "common.clause_sep": ("；", "; "),
    # between parts of one phrase (a task's hours, resource and repeat)
    "common.comma": ("，", ", "),
    "common.labelled": ("{label}：{text}", "{label}: {text}"),
    # a remark after what it qualifies: 处罚（罚款 500–2000元）
    "common.aside": ("（{text}）", " ({text})"),
    # how an aside of a name reads when the name itself stands in an aside (sim.messages.within_aside):
    # English joins it with a comma rather than put brackets in brackets; Chinese writes it as it is
    "common.aside_within": ("（{text}）", ", {text}"),
    # between a label and what it labels
    "common.colon": ("：", ": "),
    # a value as it is typed, after the name people read and said to be what one types (a name
    # may end in brackets of its own: 县工科局（电力管理部门）（键入 industry_tech）)
    "common.typed_as": ("{name}（键入 {id}）", "{name} (typed as {id})"),
    "common.several": ("{value} 可指多个：{ids}；请写出全名或标识", "{value} could be any of {ids}; give the full name or the id"),
    # -- a plan's rules in words (sim.ui.describe)
    "describe.held": ("{inner}，持续 {held}以上", "{inner}, held for {held} or more"),
    "describe.any_of": ("；或 ", "; or "),
    "describe.all_of": ("；且 ", "; and "),
    "describe.group": ("（{text}）", "({text})"),
    # a level reads by the plan's own name (Ⅱ级应急响应 / Level II response, or 红色 / Red),
    # so the wording around it never says "level" again
    "describe.min_level": ("（{level}及以上）", " ({level} or higher)"),
    "describe.only_levels": ("（仅{levels}）", " (only at {levels})"),
    "describe.one_of": ("{context}为{values}", "{context} is {values}"),
    "describe.needs": ("；需 {needs}", "; needs {needs}"),
    "describe.repeat": ("每 {every}重复", "every {every}"),
    "describe.buffered": ("{zones}{buffer}", "{zones} {buffer}"),
    # when a duty starts, by the phase of the incident that triggers it
    "trigger.phase.incident": ("事件发生", "when the incident occurs"),
    "trigger.phase.warning": ("发布预警", "on a warning"),
    "trigger.phase.response": ("启动响应", "when a response starts"),
    "trigger.phase.termination": ("响应终止", "when the response ends"),
    # -- a report sent along a plan's reporting chain (sim.engine.rules), names filled in
    "log.reports_to": ("{sender}报告{receivers}", "{sender} reports to {receivers}"),
    # -- what a fire on the ground logs (sim.fire.run), names filled in
    "fire_log.caught": ("{patrol}在{place}制止{activity}", "{patrol} stopped {activity} ({place})"),
    "fire_log.turned_back": ("{checkpoint}劝返一名前往{place}{activity}的人（未满足进入该区域的要求）",
                             "{checkpoint} turn back someone heading in for {activity} ({place}): the requirements "
                             "for entering the zone were not met"),
    "fire_log.fire_started": ("{place}{activity}引发火灾", "{activity} starts a fire ({place})"),
    "fire_log.fire_seen": ("{detector}发现火情", "{detector}: fire seen"),
    "fire_log.reported": ("拨打{contact}（{phone}）报告火情", "Calls the {contact} ({phone}) to report the fire"),
    "fire_log.relayed": ("{contact}报告{receivers}", "The {contact} reports to {receivers}"),
    "fire_log.dispatched": ("命令{crews}赶赴火场", "Orders {crews} to the fire"),
    "fire_log.crews": ("{crew}{count}支", "{count} × {crew}"),
    "fire_log.crew_arrived": ("{crew}到达火场", "{crew}: at the fire"),
    "fire_log.crew_arrived_nth": ("{crew}第 {n} 支到达火场", "{crew} no. {n}: at the fire"),
    "condition.heating_season": ("采暖期", "Heating season"),
    "work.suppress_fire": ("扑救火灾", "Fighting the fire"),
    "fire_log.contained": ("火场得到控制", "The fire is contained"),
    "fire_log.out": ("余火清理完毕", "Mop-up done, the fire is out"),
    "fire_log.major": ("火场面积超过{area}公顷，按重大火情处置", "The fire exceeds {area} ha and is handled as a major fire"),
    "fire_log.line_tripped": ("火头烧至{corridor}，线路跳闸", "The fire reaches the {corridor}; its lines trip"),
    "fire_log.numbered": ("火情{n}", "Fire {n}"),
    "fire_log.of_fire": ("{fire}：{text}", "{fire}: {text}"),
    "fire_log.line_already_out": ("火头烧至{corridor}，线路已停运，未再跳闸",
                                  "The fire reaches the {corridor}; its lines are already out and do not trip again"),
    "fire_log.trace_offender": ("追查起火责任人", "Traces the person who started the fire"),
    "whatif.refused": ("未应用修改：有 {n} 个数值不能采用，原因见各栏下方。",
        "Nothing applied: {n} {n:number|numbers} cannot be taken; the note under each says why."),
    "common.scenario": ("情景", "Scenario"),
    "common.all_units": ("全部单位", "All units"),
    "common.seed": ("随机种子", "Seed"),
    "common.load_errors": ("以下文件无法加载：", "These files could not be loaded:"),
    "common.no_plans": ("{folder} 目录中还没有预案文件。", "There are no plan files in {folder} yet."),
    "library.same_id": ("{first} 已有同一标识 {id}：先列出的库中的文件有效，这个文件未被读取",
                        "{first} has the same id {id}: the file of the library listed first counts, this one is not read"),
    "common.no_scenarios": ("{folder} 目录中还没有情景文件。", "There are no scenario files in {folder} yet."),
    "common.level": ("级别", "Level"),
    "common.issuer": ("发布机关", "Issuer"),
    "common.number": ("文号", "Number"),
    "common.issued": ("发布日期", "Issued"),
    "common.not_stated": ("未载明", "not stated"),
    "common.effective": ("施行日期", "Effective"),
    # words several faces show for one concept: each names them by the whole key (messages.own)
    "common.caught": ("当场制止", "Stopped on the spot"),
    "common.contacts": ("联系", "Whom to call"),
    "common.customers_out": ("停电用户", "Customers out"),
    "common.decided_by": ("决定单位", "Decided by"),
    "common.description": ("说明", "Description"),
    "common.note": ("说明", "Note"),
    "common.fine": ("罚款", "Fine"),
    "common.did_not_happen": ("未发生", "did not happen"),
    "common.enforcing": ("执法单位", "Enforcing units"),
    "common.event": ("事件", "Event"),
    "common.fires_started": ("起火次数", "Fires started"),
    "common.load_shed": ("减供负荷", "Load shed"),
    "common.max_severity": ("最高事件级别", "Highest severity"),
    "common.out_of_fuel": ("备用燃料耗尽的重要用户", "Key users whose backup fuel ran out"),
    "common.paired_comparison": ("配对比较", "Paired comparison"),
    "common.pause": ("暂停", "Pause"),
    "common.penalties": ("处罚", "Penalties"),
    "common.replication": ("抽样编号", "Replication"),
    "common.response_level": ("响应级别", "Response level"),
    "common.response_started": ("启动响应", "Response started"),
    "common.severity": ("事件级别", "Severity"),
    "common.state": ("状态", "State"),
    "common.status": ("状态", "Status"),
    "common.task": ("任务", "Task"),
    "common.terminated": ("响应终止", "Response ended"),
    "common.time": ("时间", "Time"),
    "common.violations": ("违规用火", "Violations"),
    "common.warning_issued": ("发布预警", "Warning issued"),
    "plans.pick": ("选择预案", "Plan"),
    "plans.levels": ("事件分级", "Severity levels"),
    "plans.levels_chart": ("分级阈值区间", "Threshold bands"),
    "plans.criteria": ("判定条件", "Criteria"),
    "plans.bounds_text": ("下限{lower}本数，上限{upper}本数。",
        "The lower bound {lower} the number itself; the upper bound {upper} it."),
    "plans.includes": ("含", "includes"),
    "plans.excludes": ("不含", "excludes"),
    "plans.response": ("应急响应", "Response levels"),
    "plans.severity": ("对应事件级别", "Severity"),
    "plans.commanders": ("指挥", "Commanded by"),
    "plans.escalation": ("提请", "Escalation"),
    "plans.discretion": ("酌情启动", "Discretionary response"),
    "plans.onset": ("事件发生", "When the incident begins"),
    "plans.onset_network": ("预案未另行规定：电网减供负荷即为事件发生，报告链和响应分级由此开始。",
                            "The plan does not say otherwise: the incident begins when the power network sheds "
                            "load, and the reporting chain and the choice of level start then."),
    "plans.adjustment": ("响应调整", "Adjusting the response"),
    "plans.decision_time": ("决策用时", "Time to decide"),
    "plans.adjusted_by": ("调整级别由", "Adjusted by"),
    "plans.declared_by": ("启动由", "Declared by"),
    "plans.ended_by": ("终止由", "Ended by"),
    "plans.confirmations": ("终止前的决定", "Decisions before the end"),
    "plans.discrepancy": ("文本不一致", "Texts that disagree"),
    "plans.decided_by_level": ("各级别的指挥者（见上表）", "whoever acts at the level in force (see the table)"),
    "plans.command": ("指挥体系", "Command structure"),
    "plans.commander": ("总指挥", "Commander"),
    "plans.deputies": ("副总指挥", "Deputy commanders"),
    "plans.office": ("办公室", "Office"),
    "plans.hq_duties": ("指挥部职责", "Headquarters duties"),
    "plans.duties": ("成员单位及职责", "Member units and duties"),
    "plans.metric_unit.bool": ("是/否（1 或 0）", "yes/no (1 or 0)"),
    "plans.metric_unit.count": ("个数", "count"),
    "plans.unit_kind.member": ("成员单位", "Member unit"),
    "plans.unit_kind.government": ("人民政府", "Government"),
    "plans.unit_kind.command": ("指挥机构", "Command body"),
    "plans.unit_kind.enterprise": ("企业", "Enterprise"),
    "plans.unit_kind.external": ("上级或外部单位", "Higher or outside body"),
    "plans.unit_kind.public": ("公众", "The public"),
    "plans.trigger": ("启动条件", "Trigger"),
    "plans.left_to_unit": ("由本单位视情决定（演练中可决定不开展）", "left to the unit's judgement (a drill player may decline it)"),
    "plans.may_decline": ("本单位可决定不采取", "the unit may decline"),  # beside what a step requires
    "plans.search_duties": ("搜索单位或职责", "Search units or duties"),
    "plans.n_duties": ("共 {n} 条职责", "{n} {n:duty|duties}"),
    "plans.no_duties": ("预案未给本单位列出职责；它仍可能在预警、信息报告链或应急响应的步骤中出现，见这几节",
                        "The plan lists no duties of this unit; it may still act in the steps of Warning, the Reporting "
                        "chain or Response levels: see those sections"),
    "plans.reporting": ("信息报告链", "Reporting chain"),
    "plans.hop": ("环节", "Hop"),
    "plans.from": ("报告单位", "From"),
    "plans.to": ("报送至", "To"),
    "plans.time_limit": ("时限", "Time limit"),
    "plans.only_if": ("仅当", "Only if"),
    "plans.warning_trigger": ("预警触发", "Warning trigger"),
    "plans.step": ("步骤", "Step"),
    "plans.notify": ("通报", "Notifies"),
    "plans.measures": ("响应措施", "Response measures"),
    "plans.actions": ("措施内容", "Actions"),
    "plans.requires": ("前提", "Requires"),
    "plans.response_actions": ("启动响应后的行动", "Actions once the response starts"),
    "plans.resources": ("保障资源", "Resources"),
    "plans.provided_by": ("提供单位", "Provided by"),
    "plans.metrics": ("指标", "Metrics"),
    "plans.metric_unit": ("单位", "Unit"),
    "plans.metric_values": ("取值范围", "Values it can take"),
    "plans.metric_any": ("任意数值", "any number"),
    "plans.calendar": ("禁火日历", "Ban calendar"),
    "plans.year": ("年份", "Year"),
    "plans.periods": ("时段", "Periods"),
    "plans.dates": ("日期", "Dates"),
    "plans.zones": ("区域", "Zones"),
    "plans.boundary": ("四至道路", "Boundary roads"),
    "plans.jurisdiction": ("辖区", "Jurisdiction"),
    "plans.rules": ("禁止规定", "Prohibitions"),
    "plans.area": ("范围", "Area"),
    "plans.buffer": ("及边缘{m:g}米内", "and within {m:g} m of their edge"),
    "plans.prohibited": ("禁止活动", "Prohibited activities"),
    "plans.applies_when": ("适用情形", "Applies when"),
    "plans.legal_basis": ("法律依据", "Legal basis"),
    "plans.requirements": ("其他要求", "Requirements"),
    "plans.contacts": ("联系电话", "Contacts"),
    "plans.coverage": ("条款覆盖", "Clause coverage"),
    "coverage.at_line": ("{clause}（第 {line} 行）", "{clause} (line {line})"),
    # -- what a part of a plan that has no name of its own is: in coverage's rule names
    # (sim.coverage) and the Plans page's sections
    "part.bounds": ("边界含义", "How bounds read"),
    "part.criteria": ("判定条件", "Condition"),
    "part.check": ("判定条件", "Condition"),
    "part.only_if": ("报告条件", "Reported only if"),
    "part.declared_by": ("启动响应的决定", "Decision to declare"),
    "part.adjusted_by": ("调整级别的决定", "Decision to adjust the level"),
    "part.ended_by": ("终止响应的决定", "Decision to end"),
    "part.reporting": ("信息报告", "Reporting"),
    "part.decision": ("决定启动响应", "Decision to respond"),
    "part.termination": ("响应终止", "Termination"),
    "coverage.reason.exhortation": ("倡导性表述", "exhortation"),
    "coverage.reason.no_simulation_content": ("无可模拟的内容", "no simulation content"),
    "coverage.reason.out_of_scope": ("超出模型范围", "out of scope"),
    "coverage.no_such_clause": ("文件中没有条款 {clause}", "the document has no clause {clause}"),
    "coverage.no_such_sentence": ("条款 {clause} 中没有包含 {quote} 的句子", "no sentence of {clause} contains {quote}"),
    "coverage.unplaced": ("{name} 引用{clause}的 {quote}，但文本中既没有这句原文，也没有条款{clause}",
                          "{name} cites {quote} of {clause}, but the text holds neither that quote nor a clause {clause}"),
    "coverage.unaccounted": ("既无规则引用，也未列入 not_modelled", "neither cited by a rule nor listed under not_modelled"),
    "coverage.not_in_source": ("文本中没有该预案的文件（自 {begins} 至 {ends}）；公报是否选对了？",
        "the text does not contain this plan's document (from {begins} to {ends}); is it the right gazette?"),
    "coverage.cli_lines": ("{source} 第 {first}–{last} 行", "{source}, lines {first}–{last}"),
    "coverage.cli_more": ("…另 {n} 项", "… {n} more"),
    "coverage.cli_cited": ("引用", "cited by"),
    "coverage.cli_stale": ("同时列为未建模：该条目已过时", "also listed under not_modelled: the entry is stale"),
    "coverage.cli_not_modelled": ("未建模", "not modelled"),
    "coverage.cli_finding": ("既无引用也未列出", "neither cited nor listed"),
    "coverage.cli_open_sentence": ("无规则引用此句", "no rule cites this sentence"),
    "coverage.cli_total": ("覆盖：{accounted}/{counted} 条款（{percent} %）", "Coverage: {accounted}/{counted} clauses ({percent} %)"),
    "coverage.no_extent": ("该预案未写明其文件在公报中的起止文字，无法核对条款覆盖。",
        "This plan does not give the words its document begins and ends with in its gazette, so its coverage cannot "
        "be checked."),
    "coverage.upload": ("公报文本（UTF-8 的 .txt，不超过 {mb} MB）", "Gazette text (UTF-8 .txt, at most {mb} MB)"),
    "coverage.no_source": ("未找到刊载该文件的公报文本：请上传，或将公报文本所在的文件夹设为环境变量 {env}。",
        "No gazette text holding this document was found: upload it, or set {env} to the folder that holds it."),
    "coverage.summary": ("**覆盖率 {percent} %**：{counted} 条有正文的条款中，{accounted} 条有规则引用或列为未建模。",
        "**Coverage {percent} %**: of {counted} clauses with text, {accounted} are cited by a rule or listed as not modelled."),
    "coverage.where": ("公报文本 {source}，第 {first}–{last} 行", "Gazette text {source}, lines {first}–{last}"),
    "coverage.title": ("标题", "Heading"),
    "coverage.carried_by": ("承载的规则，或未建模的原因", "Rules that carry it, or why it is not modelled"),
    "coverage.cited": ("有规则引用", "Cited by rules"),
    "coverage.not_modelled": ("未建模", "Not modelled"),
    "coverage.finding": ("未覆盖", "Not accounted for"),
    "coverage.heading": ("仅标题", "Heading only"),
    "coverage.clause": ("查看条款的句子", "Sentences of a clause"),
    "coverage.sentence_rules": ("引用此句的规则：{rules}", "Rules that cite this sentence: {rules}"),
    "coverage.sentence_open": ("此句无规则引用（条款已由其他句子覆盖）", "No rule cites this sentence (the clause is carried by its others)"),
    "plans.phone": ("电话", "Phone"),
    "plans.purpose": ("用途", "Purpose"),
    "plans.legal_bases": ("依据法规", "Legal bases"),
    "plans.activities": ("活动", "Activities"),
    "plans.kind_of": ("所属类别（“等一切……活动”）", "Kind of (\"and every other …\")"),
    "plans.covers": ("包括", "Covers"),
    "plans.no_zones": ("本通告不划定具体区域，规定适用于整个辖区。",
        "This notice names no zones; its rules hold in the whole jurisdiction."),
    "upload.button": ("上传", "Upload"),
    "upload.limit": ("每个文件不超过 {mb} MB", "At most {mb} MB per file"),
    "page.skip_to_main": ("跳到正文", "Skip to main content"),  # the link a keyboard reaches first
    "page.no_match": ("没有匹配的选项", "No results"),  # a select box's list when nothing typed matches
    # the buttons Streamlit draws above a table (their English is Streamlit's own label)
    "table_tool.columns": ("显示/隐藏列", "Show/hide columns"),
    "table_tool.download": ("下载为 CSV", "Download as CSV"),
    "table_tool.search": ("搜索", "Search"),
    "upload.refused_mark": ("未被接受", "not accepted"),
    "upload.refused": ("未接受此文件：文件类型须为上传框所写的类型，且不超过 {mb} MB。",
                       "This file was not accepted: it must be of a type the box names and at most {mb} MB."),
    "run.upload": ("上传修改后的预案（YAML，可选，不超过 {mb} MB）", "Upload an edited plan (YAML, optional, at most {mb} MB)"),
    "run.upload_ok": ("已使用上传的预案《{plan}》替换原预案。", "Using the uploaded plan “{plan}” in place of the library's own."),
    "run.upload_bad": ("上传的预案有错误，修正或移除后才能运行：", "The uploaded plan has errors; fix or remove it to run:"),
    "run.button": ("运行", "Run"),
    "run.replication_help_story": ("本情景只讲一个故事：第 0 次重复以所填种子运行，第 i 次重复以由种子和 i 导出的种子运行，与同一种子的批量推演或假设分析中的第 i 次重复相同。",
                                   "This scenario tells one story: replication 0 runs under the seed given, replication i under a "
                                   "seed derived from the seed and i, the same run as replication i of a sweep or a What-if "
                                   "comparison with the same seed."),
    "run.replication_help": ("模板情景每次抽取一起事件：编号 i 与同一种子的批量推演或假设分析中的第 i 次重复相同。",
                             "A template scenario draws one incident per replication: number i is the same incident as "
                             "replication i of a sweep or a What-if comparison with the same seed."),
    "run.progress": ("推演中… {pct}%", "Simulating… {pct}%"),
    "run.done": ("推演完成。", "Simulation finished."),
    "run.summary": ("结果摘要", "Summary"),
    "run.graded": ("预案分级所依据的数值", "The figures the plan grades on"),
    "run.grid": ("电网：减供负荷与停电用户", "The grid: load shed and customers out"),
    "run.levels": ("事件级别与响应级别", "Severity and response level"),
    "run.gantt": ("单位任务（含排队）", "Unit tasks (with queueing)"),
    "run.fuel": ("重要用户备用燃料", "Key users' backup fuel"),
    "run.fire": ("火场面积", "Fire area"),
    "run.queued": ("排队等待资源", "Queued for a resource"),
    "run.working": ("执行", "Working"),
    "run.fuel_h": ("剩余燃料（小时）", "Fuel left (h)"),
    "run.fuel_hover": ("{name}：剩余燃料 {hours} 小时", "{name}: fuel for {hours} h left"),
    "run.incidents": ("次生事件（火灾等）", "Secondary incidents (fires, …)"),
    "run.burning": ("正在燃烧的火场", "Fires burning"),
    "run.fines": ("罚款（元）", "Fines (yuan)"),
    "run.penalties": ("处罚（次）", "Penalties"),
    "run.log": ("事件日志", "Event log"),
    "run.filter_unit": ("按单位筛选", "Filter by unit"),
    "run.downloads": ("下载", "Downloads"),
    "run.dl_json": ("结果 JSON", "Result JSON"),
    "run.dl_csv": ("事件日志 CSV", "Event log CSV"),
    "run.dl_md": ("总结报告（Markdown）", "After-action report (Markdown)"),
    "run.dl_html": ("总结报告（可打印 HTML）", "After-action report (printable HTML)"),
    "run.no_result": ("选择情景和种子后点击“运行”。", "Pick a scenario and a seed, then press Run."),
    "run.error": ("运行失败：", "The run failed:"),
    "run.scenario_desc": ("情景说明", "About this scenario"),
    #: The model itself, as who logs an entry no unit does and what an entry follows where no clause of a plan
    #: stands: the one word for it in every log, report and drill timeline (the engine acting for an unplayed
    #: role, as the plan says, is drill.engine's).
    "log.model": ("推演模型", "Simulation model"),
    "walk.prev": ("上一步", "Previous"),
    "walk.next": ("下一步", "Next"),
    "walk.jump": ("跳到时间（月-日 时:分）", "Jump to a time (MM-DD HH:MM)"),
    "walk.jump_bad": ("无法识别的时间 {value}：请写作“月-日 时:分”或“某月某日 某时某分”，如 {example}。",
        "{value} is not a time: write it as MM-DD HH:MM, e.g. {example}."),
    "walk.jump_before": ("{value} 早于所列的第一个事件：已跳到第一个事件（{when}）。",
        "{value} is before the first entry listed: the walk went to the first entry ({when})."),
    "walk.jump_after": ("{value} 晚于所列的最后一个事件：已跳到最后一个事件（{when}）。",
        "{value} is after the last entry listed: the walk went to the last entry ({when})."),
    "walk.event": ("第 {i} / {n} 个事件 · {when}", "Event {i} of {n} · {when}"),
    "walk.key_events": ("只看关键事件", "Key events only"),
    "walk.none_shown": ("没有符合筛选条件的事件。", "No entry matches the filter."),
    "walk.next_decision": ("下一个决策", "Next decision"),
    "walk.play": ("自动播放", "Play"),
    "walk.speed": ("每步间隔", "Time per step"),
    "walk.handout": ("下载讲义（可打印）", "Download the handout (printable)"),
    "walk.open_run": ("在推演运行页打开这次推演", "Open this run on the Run page"),
    # Plotly's own words on a chart (its toolbar's tooltips and notices), by their English
    # text, which Plotly looks up in a chart's locale dictionary (sim.ui.widgets.chart)
    "chart_tool.png": ("下载为 PNG 图片", "Download plot as a PNG"),
    "chart_tool.download": ("下载图表", "Download plot"),
    "chart_tool.zoom": ("框选放大", "Zoom"),
    "chart_tool.pan": ("平移", "Pan"),
    "chart_tool.box": ("框选", "Box Select"),
    "chart_tool.lasso": ("套索选择", "Lasso Select"),
    "chart_tool.zoom_in": ("放大", "Zoom in"),
    "chart_tool.zoom_out": ("缩小", "Zoom out"),
    "chart_tool.autoscale": ("自动缩放", "Autoscale"),
    "chart_tool.reset_axes": ("重置坐标轴", "Reset axes"),
    "chart_tool.reset_view": ("重置视图", "Reset view"),
    "chart_tool.reset": ("重置", "Reset"),
    "chart_tool.spikes": ("显示或隐藏参考线", "Toggle Spike Lines"),
    "chart_tool.closest": ("悬停显示最近的数据", "Show closest data on hover"),
    "chart_tool.compare": ("悬停比较数据", "Compare data on hover"),
    "chart_tool.toggle_closest": ("切换悬停显示最近的数据", "Toggle show closest data on hover"),
    "chart_tool.fullscreen": ("全屏", "Fullscreen"),  # the button Streamlit adds
    "chart_tool.close_fullscreen": ("退出全屏", "Close fullscreen"),
    "chart_tool.zoom_back": ("双击还原", "Double-click to zoom back out"),
    "chart_tool.preparing": ("正在生成图片，请稍候", "Preparing image - this may take a few seconds"),
    "chart_tool.image_done": ("图片已下载", "Image download succeeded"),
    "chart_tool.image_failed": ("抱歉，图片下载出错！", "Sorry, there was a problem downloading your image!"),
    "run.walk_this": ("逐步复盘这次推演", "Walk through this run"),
    "run.edited_plans": ("此结果按修改后的预案运行，并非发布的版本：{plans}。",
                         "This result ran under an edited plan, not the published one: {plans}."),
    "run.edited_resources": ("此结果的资源数量与情景设定不同：{changes}。",
                             "This result ran with other resource counts than the scenario's: {changes}."),
    "run.count_change": ("{resource}由 {shipped} 改为 {now}", "{resource} {shipped} → {now}"),
    "run.edit_plans": ("本页按修改后的预案运行，并非发布的版本：{plans}。",
                       "This page runs an edited plan, not the published one: {plans}."),
    "run.edit_resources": ("本页按与情景设定不同的资源数量运行：{changes}。",
                           "This page runs with other resource counts than the scenario's: {changes}."),
    "run.edit_bad": ("本页保留的修改后的预案不能用于此情景，改用已发布的预案后才能运行：",
                     "The edited plan this page holds does not fit the scenario; use the published plan to run:"),
    "run.use_published": ("改用已发布的预案", "Use the published plan"),
    "run.use_shipped_counts": ("改用情景设定的资源数量", "Use the scenario's resource counts"),
    "run.use_published_all": ("改用已发布的预案和情景设定的资源数量", "Use the published plan and the scenario's resource counts"),
    "walk.handout_title": ("复盘讲义", "Walk-through handout"),
    "walk.handout_run": ("本次推演", "The run"),
    "walk.handout_listed": ("所列事件", "Entries listed"),
    "walk.handout_every": ("全部事件", "Every entry"),
    "walk.handout_units": ("仅以下单位的事件：{units}", "entries of {units} only"),
    "walk.handout_steps": ("逐步经过", "Step by step"),
    "walk.handout_happened": ("本次经过", "What happened in this run"),
    "walk.handout_rule": ("预案规定及本次依据", "What the plan says, and what this entry acted on"),
    "walk.state": ("此刻状态", "State at this moment"),
    "walk.incident": ("所属事件", "Incident"),
    "walk.graded": ("预案分级所依据的其他数值", "Other figures the plan grades by"),
    "walk.why": ("为什么发生", "Why it happened"),
    "walk.grounds.classification": ("当时的分级", "Classified then as"),
    "walk.grounds.met": ("当时成立的分级条件", "What held then"),
    "walk.edited_bound": ("已修改，发布的预案为 {range}", "edited; the published plan says {range}"),
    "walk.grounds.no_level": ("为何提请最低一级", "Why the lowest level"),
    "walk.grounds.decision": ("决定用时", "Time to decide"),
    "walk.no_level": ("此刻的数值不满足任何一级分级标准；应急响应启动后，只有终止条件全部满足才终止，因此保持预案中最低的一级：{level}",
        "The figures meet no severity level now; once started, a response ends only when its termination conditions "
        "all hold, so it keeps the plan's lowest level, {level}"),
    "walk.decision_time": ("预案给出{unit}收到报告后的决定用时：{hours}",
        "The plan gives {unit} {hours} to decide once the report reaches it"),
    "walk.decision_reached": ("报告于 {reached} 送达。{time}", "The report arrived at {reached}. {time}"),
    "walk.decision_varies": ("{time}，推演中随情景设定的办事快慢浮动",
        "{time}, more or less as the scenario's spread of working times draws it"),
    "walk.grounds.condition": ("已满足的条件", "Condition met"),
    "walk.grounds.period": ("当时有效的时段", "In force during"),
    "walk.next_duties": ("各单位接下来应做的事（启动条件成立、尚未完成的职责）",
        "What each unit should do next (duties whose trigger holds, not yet done)"),
    "walk.busy": ("正在执行任务的单位", "Units at work"),
    "walk.nobody_busy": ("此刻没有单位在执行任务。", "No unit is at work at this moment."),
    "walk.nothing_next": ("此刻没有待办职责。", "No duty is pending at this moment."),
    "walk.conditions": ("此刻的事件条件", "Incident conditions now"),
    "walk.given": ("情景设定", "set by the scenario"),
    "walk.classification": ("当前分级", "Current classification"),
    "walk.no_events": ("此次运行没有事件。", "This run logged no events."),
    "walk.event_slider": ("事件序号", "Event number"),
    "walk.warning.none": ("未发布", "not issued"),
    "walk.warning.issued": ("已发布", "issued"),
    "walk.warning.lifted": ("已解除", "lifted"),
    "walk.warning.ended": ("随响应终止而结束", "ended with the response"),
    "walk.on_backup": ("重要用户：备用电源 / 失电", "Key users: on backup / dark"),
    "walk.working": ("执行中", "working"),
    "walk.queued": ("排队等待资源", "queued for a resource"),
    "walk.pending": ("待开始", "not started"),
    "walk.repeating": ("周期性重复", "repeats periodically"),
    "walk.unmet": ("资源不足，无法执行", "cannot be carried out: short of its resource"),
    "walk.declined": ("本单位决定不开展", "declined by its unit"),
    "walk.since": ("开始", "Since"),
    "walk.until": ("至", "Until"),
    "walk.by_assumption": ("此事件依据情景或模型的假设（文件未作规定），不对应预案条款。",
        "This entry follows an assumption of the scenario or the model (the documents are silent), not a clause."),
    "walk.no_source": ("此事件不对应预案中的条款。", "This event has no clause in the plan."),
    "whatif.min": ("下限", "lower bound"),
    "whatif.max": ("上限", "upper bound"),
    # a bound of a count, in the count's own terms, as the plan's bounds (以上/以下 含本数 or not) read it
    "whatif.count_help": ("个数只取整数。{means}", "A count, in whole numbers. {means}"),
    "whatif.count_max": ("本预案的上限{included}本数：上限 {n} 即至多 {m} 个",
                         "This plan's upper bounds {included} the number itself: an upper bound of {n} means at most {m}."),
    "whatif.count_min": ("本预案的下限{included}本数：下限 {n} 即至少 {m} 个",
                         "This plan's lower bounds {included} the number itself: a lower bound of {n} means at least {m}."),
    "whatif.includes": ("含", "include"),
    "whatif.excludes": ("不含", "exclude"),
    "whatif.whole_count": ("个数须为整数", "a count is a whole number"),
    "whatif.onset": ("事件发生条件", "When the incident begins"),
    "whatif.warning_escalation": ("预警升级条件", "Warning escalation"),
    "whatif.termination": ("响应终止条件", "Ending the response"),
    "whatif.held_for": ("持续时长下限（小时）", "held for at least (hours)"),
    "whatif.plan": ("要修改的预案", "Plan to edit"),
    "whatif.form": ("表单修改", "Edit with a form"),
    "whatif.yaml": ("YAML 编辑", "Edit the YAML"),
    "whatif.thresholds": ("阈值", "Thresholds"),
    "whatif.reporting": ("报告时限（小时）", "Reporting times (hours)"),
    "whatif.resources": ("资源数量", "Resources"),
    "whatif.buffers": ("区域边缘范围（米）", "Edge bands of zones (m)"),
    "whatif.fines": ("罚款幅度（元）", "Fine ranges (yuan)"),
    "whatif.apply": ("应用修改", "Apply"),
    "whatif.no_fields": ("这份预案没有表单可改的数值；请在“{editor}”中修改。",
                         "This plan has no numbers the form edits; change it in “{editor}”."),
    "whatif.reset": ("恢复原预案", "Reset to the original"),
    "whatif.editor": ("预案 YAML", "Plan YAML"),
    "whatif.lint": ("修改后的预案可以加载，但检查发现以下问题（与 python -m sim lint 相同）：",
        "The edited plan loads, but the checks of python -m sim lint find:"),
    "whatif.invalid": ("修改后的预案有错误：", "The edited plan has errors:"),
    "whatif.diff": ("与原预案的差异", "Difference from the original"),
    "whatif.no_diff": ("尚未修改。", "No changes yet."),
    "whatif.changed_numbers": ("改动的数值：", "Numbers changed:"),
    "whatif.changed_elsewhere": ("改动不在表单的数值中，逐行差异见下。",
                                 "The changes are not among the form's numbers; see the line-by-line difference below."),
    "whatif.changed_more": ("另有改动不在表单的数值中，见下方逐行差异。",
                            "Other lines changed too, beyond the form's numbers: see the line-by-line difference below."),
    "whatif.yaml_diff": ("YAML 逐行差异", "Line-by-line YAML difference"),
    "whatif.hours_unit": (" 小时", " h"),
    "whatif.receivers_more": ("{text}等 {n} 个单位", "{text} and others ({n} in all)"),
    "whatif.decided_by_level": ("各级别的指挥者", "whoever commands the level in force"),
    "whatif.edge_band": ("边缘范围（米）", "edge band (m)"),
    "whatif.fine_min": ("罚款下限（元）", "lowest fine (yuan)"),
    "whatif.fine_max": ("罚款上限（元）", "highest fine (yuan)"),
    "whatif.replications": ("配对重复次数", "Paired replications"),
    "whatif.contiguous": ("保持级别衔接：修改一个级别的边界时，相邻级别的对应边界一同修改",
                          "Keep the levels contiguous: a level's bound moves its neighbour's with it"),
    "whatif.moved": ("为保持级别衔接，相邻边界一同修改：{fields}", "To keep the levels contiguous, the neighbouring bounds moved too: {fields}"),
    "whatif.offer": ("相邻级别的边界未随之修改，级别之间会出现空档或重叠：{fields}。要一同修改吗？",
                     "The neighbouring levels' bounds did not move, leaving a gap or an overlap between levels: {fields}. Move them too?"),
    "whatif.move_neighbours": ("一同修改相邻边界", "Move the neighbouring bounds too"),
    "whatif.template_note": ("模板情景：每次重复抽取一起新的事件（与 python -m sim compare 相同），两种预案在同一事件、同一种子上配对比较。",
                             "A template scenario: each replication draws a new incident (as python -m sim compare does); "
                             "both plans run on the same incident and seed."),
    "whatif.story_note": ("本情景只讲一个故事：第 0 次重复以所填种子运行，其余每次重复以由种子和重复编号导出的种子运行，两种预案使用相同的种子。",
                          "This scenario tells one story: replication 0 runs under the seed given, each other replication under a seed derived from the seed and its number, the same for both plans."),
    "whatif.progress": ("配对推演中… {done} / {n}", "Running pairs… {done} / {n}"),
    "whatif.verdict.incidents": ("起", "incidents"),
    "whatif.verdict.incident": ("起", "incident"),
    "whatif.verdict.runs": ("次重复", "replications"),
    "whatif.verdict.run": ("次重复", "replication"),
    "whatif.verdict.up": ("{count} {what}由{start}升为{end}", "{count} {what} went up from {start} to {end}"),
    "whatif.verdict.down": ("{count} {what}由{start}降为{end}", "{count} {what} went down from {start} to {end}"),
    "whatif.verdict.none": ("{n} {what}中，最高响应级别均未改变。", "Of {n} {what}, none changed its highest response level."),
    "whatif.verdict.no_response": ("{n} {what}中，两种预案下均未启动应急响应。",
        "Of {n} {what}, none started an emergency response under either plan."),
    "compare.happened": ("{measure}：原预案下发生于 {baseline} 次重复，修改后 {variant} 次；表中均值与差值取两种预案下都发生的 {n} 次",
        "{measure}: happened in {baseline} {baseline:replication|replications} under the original, {variant} under the edited plan; the "
        "table's means and difference are over the {n} in which it happened under both"),
    "compare.idle": ("两种预案下每次重复均为 0 或未发生、因而未列出的指标：{measures}。",
        "Measures not listed, being 0 or absent in every replication under both plans: {measures}."),
    "whatif.verdict.some": ("{n} {what}中，{moves}；其余 {rest} {rest_what}最高响应级别不变。",
                            "Of {n} {what}, {moves}; the other {rest} {rest_what} kept their highest response level."),
    "whatif.verdict.all": ("{n} {what}中，{moves}。", "Of {n} {what}, {moves}."),
    "whatif.verdict.outcomes": ("结果有改变的共 {changed} {what}，改变最多的指标：{measures}。",
        "{changed} {what} changed in some outcome, most often: {measures}."),
    "whatif.verdict.in_how_many": ("{measure}（{count} 次）", "{measure} (in {count})"),
    "whatif.verdict.measures": ("差值的 95% 置信区间不含 0 的指标：{measures}。",
                                "Measures whose 95 % interval of the difference excludes 0: {measures}."),
    "whatif.n_pairs": ("配对数", "Pairs"),
    "whatif.cause": ("起因", "Cause"),
    "whatif.season": ("季节", "Season"),
    "whatif.weather": ("天气", "Weather"),
    "whatif.peak_load_shed": ("最大减供负荷 %", "Peak load shed %"),
    "whatif.peak_customers_out": ("最大停电用户 %", "Peak customers out %"),
    "whatif.peak_of": ("最大{figure}", "Peak {figure}"),
    "whatif.open_which": ("打开第几次重复", "Replication to open"),
    "whatif.open_arm": ("按哪个预案", "Under which plan"),
    "whatif.open_run": ("在推演运行中打开", "Open in Run"),
    "whatif.open_walk": ("在逐步复盘中打开", "Open in Walk-through"),
    "measure.max_level_rank": ("最高响应级别（等级）", "Highest response level (rank)"),
    "measure.response_h": ("响应持续时长", "Length of response"),
    "measure.unmet_duties": ("未履行职责数", "Unmet duties"),
    "measure.warning_issued_at_h": ("开始至发布预警的时长", "Time from the start to the warning"),
    "measure.response_started_at_h": ("开始至启动响应的时长", "Time from the start to the response"),
    "measure.terminated_at_h": ("开始至响应终止的时长", "Time from the start to the end of the response"),
    "measure.fires_started": ("火灾次数", "Fires"),
    "measure.hectares_burned": ("过火面积（公顷）", "Area burned (ha)"),
    "measure.violations": ("违规用火次数", "Violations"),
    "measure.caught": ("当场查获的违规次数", "Violations caught"),
    "measure.fines_yuan": ("罚款总额（元）", "Fines (yuan)"),
    "measure.patrol_hours": ("巡护工时（队·小时）", "Patrol team-hours"),
    "measure.max_level": ("最高响应级别", "Highest response level"),
    "whatif.compare": ("运行并比较", "Run and compare"),
    "whatif.original": ("原预案", "Original"),
    "whatif.edited": ("修改后", "Edited"),
    "whatif.measure": ("指标", "Measure"),
    "whatif.changed": ("结果改变的重复", "Replications whose outcome changed"),
    "whatif.changed_about": ("两个预案下最高响应级别或上表任何一项指标不同的重复；“改变了什么”逐项列出原预案 → 修改后的值。",
        "Replications in which the highest level or any measure of the table above differs between the plans; "
        "“What changed” lists each, original → edited."),
    "whatif.none_changed": ("所有重复的各项比较指标均未改变。", "No replication changed in any compared measure."),
    "whatif.changed_kept": ("共 {count} 次重复的结果改变；下表列出前 {kept} 次。", "{count} {count:replication|replications} changed; the table lists the first {kept}."),
    "whatif.what_changed": ("改变了什么", "What changed"),
    "whatif.changed_in": ("改变的重复数", "Replications changed"),
    "compare.changed_in": ("改变", "changed"),
    "whatif.download_compare": ("下载比较结果（JSON，与 python -m sim compare --json 输出的相同）",
        "Download the comparison (JSON, as python -m sim compare --json prints it)"),
    "whatif.download": ("下载修改后的预案", "Download the edited plan"),
    "whatif.download_held": ("修改后的预案有错误，修正后才能下载。", "The edited plan has errors: fix them to download it."),
    "whatif.scenario": ("比较所用情景", "Scenario to compare on"),
    "whatif.scenario_na": ("没有使用此预案的情景。", "No scenario uses this plan."),
    "whatif.scenario_bad": ("该情景有错误，无法比较：", "This scenario has errors, so nothing can be compared on it:"),
    "whatif.case_refused": ("该情景不能与修改后的预案一起运行，无法比较：",
        "This scenario cannot run with the edited plan, so nothing can be compared on it:"),
    "measure.hours_at": ("{level}持续时长", "Time at {level}"),
    "measure.level_changes": ("级别变更次数", "Level changes"),
    "measure.incidents": ("事件起数", "Incidents"),
    "measure.unit_hours": ("单位工时", "Unit-hours"),
    "whatif.id_changed": ("修改后的预案编号 {new} 与原编号 {old} 不同；比较需要相同的编号。",
        "The edited plan's id {new} differs from {old}; the comparison needs the same id."),
    "whatif.difference": ("差值（修改后 − 原预案）", "Difference (edited − original)"),
    "whatif.interval": ("95% 置信区间（* 不含 0）", "95 % interval (* excludes 0)"),
    "whatif.means": ("{n} 次配对重复的均值", "Means over {n} paired {n:replication|replications}"),
    "whatif.rank_note": ("最高响应级别按等级计：0 = 未启动响应，1 = 最低一级，数值越大级别越高；响应终止时间只计两种预案下都已终止的重复。差值及其区间按同一种子的两次运行配对计算（t 分布，两次都有值的重复）。",
        "The highest response level counts as a rank: 0 = no response, 1 = the lowest level, higher is more severe; time to termination averages only the replications that terminated under both plans. The difference and its interval pair the two runs of each seed (Student's t, over the replications where both have a value)."),
    "whatif.resource_resource": ("资源", "Resource"),
    "bans.date": ("日期", "Date"),
    "bans.zone": ("地点（区域）", "Place (zone)"),
    "bans.nowhere": ("未指定地点（看各规定适用的范围）", "No particular place (see where each rule holds)"),
    "bans.place": ("地点与该区域的关系", "Where the place lies"),
    "bans.place_inside": ("在区域内", "Inside the zone"),
    "bans.place_band": ("在区域边缘外 {m} 米以内", "Outside the edge, within {m} m"),
    "bans.place_beyond": ("距区域边缘超过 {m} 米", "More than {m} m from the edge"),
    "bans.place_outside": ("在区域外", "Outside the zone"),
    "bans.place_distance": ("我知道距边缘的距离", "I know the distance from the edge"),
    "bans.distance": ("距该区域边缘的距离（米，区域内为 0）", "Distance from the zone's edge (m, 0 inside)"),
    "bans.category": ("其他{name}（通告未逐一列出的）", "{name} (any the notice does not list)"),
    "bans.issued_by": ("实施单位：{name}", "imposed by: {name}"),
    "bans.more": ("当天的时段和其他地点", "Periods on this day, and other places"),
    "bans.activity": ("活动", "Activity"),
    "bans.prohibited": ("禁止", "Prohibited"),
    "bans.depends_on_place": ("视地点而定", "Depends on the place"),
    "check.no_place": ("未指定地点", "no place given"),
    "check.beyond": ("在各边缘范围之外", "beyond every band around it"),
    "check.outside_edge": ("边缘外{m}米", "{m} m outside its edge"),
    "check.answer": ("结论", "Answer"),
    "check.rules_apply": ("适用规定（{n} 条）", "Rules that apply ({n})"),
    "check.rules_depend": ("取决于地点的规定（{n} 条）", "Rules that depend on the place ({n})"),
    "check.elsewhere": ("当日在其他区域禁止", "Prohibited elsewhere on this day"),
    "check.band": ("边缘{m}米内", "within {m} m"),
    "check.periods": ("{date} 的时段", "Periods on {date}"),
    "check.in_force": ("✓ 在期内", "in force"),
    "check.not_in_force": ("✗ 不在期内", "not in force"),
    "check.requirements": ("须遵守", "Requirements in force"),
    "check.notes": ("说明", "Notes"),
    "check.where": ("适用", "Where"),
    "check.basis": ("依据", "Basis"),
    "check.referral": ("移送", "Referral"),
    "check.issued_by": ("实施单位", "Imposed by"),
    "bans.where_inside": ("位于{zone}内", "inside {zone}"),
    "bans.where_band": ("距{zone}边缘{m}米，在边缘{band}米范围内", "{m} m outside the edge of {zone}, within the {band} m band"),
    "bans.where_jurisdiction": ("{zone}位于{jurisdiction}境内", "{zone} lies in {jurisdiction}"),
    "bans.depends_zones_band": ("取决于地点：在以下区域内及其边缘{m}米内禁止——{zones}",
        "Depends on the place: prohibited inside these zones and within {m} m of their edge — {zones}"),
    "bans.depends_zones": ("取决于地点：在以下区域内禁止——{zones}", "Depends on the place: prohibited inside — {zones}"),
    "bans.depends_jurisdiction": ("取决于地点：在{jurisdiction}境内禁止", "Depends on the place: prohibited anywhere in {jurisdiction}"),
    "bans.note_no_place": ("未指定地点：是否禁止取决于地点，见下列各规定适用的区域。",
        "No place was given: whether it is prohibited depends on the place; see where each rule below holds."),
    "bans.note_same_jurisdiction": ("{zone}边缘外的地点按与该区同在{jurisdiction}境内判断。",
        "A place outside the edge of {zone} is taken to be in the same jurisdiction, {jurisdiction}."),
    "bans.note_not_yet": ("{title}自{effective}起施行，{date}尚未施行，故未适用。",
        "{title} takes effect on {effective}; it does not apply on {date}."),
    "bans.note_none": ("所载通告均未禁止；其他法律法规仍可能另有规定。",
        "None of the loaded notices prohibits it; other laws and regulations may still apply."),
    "bans.span_dates": ("{start}至{end}", "{start} to {end}"),
    "bans.span_yearly": ("每年{start_month}月{start_day}日至{end_month}月{end_day}日",
                         "every year from {start_month:02d}-{start_day:02d} to {end_month:02d}-{end_day:02d}"),
    "bans.span_yearly_wrap": ("每年{start_month}月{start_day}日至次年{end_month}月{end_day}日",
                              "every year from {start_month:02d}-{start_day:02d} to {end_month:02d}-{end_day:02d} "
                              "of the next year"),
    "bans.when_period": ("{period}（{span}）", "{period} ({span})"),
    "bans.when_always": ("自{effective}施行之日起每天（通告未规定时段）",
                         "Every day since the notice took effect on {effective} (it names no period)"),
    "bans.no_penalty": ("本通告未规定处罚；通告所依据的法律法规：{bases}",
                        "This notice sets no penalty of its own; it rests on: {bases}"),
    "bans.no_penalty_no_basis": ("本通告未规定处罚", "This notice sets no penalty of its own"),
    "bans.when": ("时段", "When"),
    "bans.every_day": ("每天（通告未规定时段）", "every day (the notice names no period)"),
    "bans.note_out_of_period": ("{title}在此禁止该活动，但只限{periods}，{date}不在其中。",
                                "{title} prohibits this here, but only during {periods}, and {date} falls outside."),
    "bans.referral_police": ("移送公安机关", "referred to the police"),
    "bans.referral_judiciary": ("移送司法机关", "referred to the judicial authorities"),
    # a penalty of a notice, its fine made explicit
    "bans.fine_not_stated": ("金额未载明", "amount not stated"),
    "bans.fine_range": ("{low:g}–{high:g}元", "{low:,.0f}–{high:,.0f} yuan"),
    "bans.fine_at_least": ("{low:g}元以上", "at least {low:,.0f} yuan"),
    "bans.fine_up_to": ("{high:g}元以下", "up to {high:,.0f} yuan"),
    "bans.penalty_fine": ("罚款{fine}", "fine {fine}"),
    "bans.penalty_multiple": ("罚款至多为恢复费用的{multiple:g}倍", "fine up to {multiple:g}× the restoration cost"),
    "bans.penalty_sep": ("；", " | "),
    "bans.unknown_activity": ("未知活动 {value}；可用的名称（标识）：{valid}", "unknown activity {value}; valid names (ids): {valid}"),
    "bans.unknown_zone": ("未知区域 {value}；可用的名称（标识）：{valid}", "unknown zone {value}; valid names (ids): {valid}"),
    "bans.no_activities": ("无（未载入禁令通告）", "none (no ban notice loaded)"),
    "bans.no_zones": ("无（通告未划定区域）", "none (no notice defines zones)"),
    "bans.bad_distance": ("距区域边缘的距离应为 0 米或以上，而不是 {value}", "distance outside the zone's edge must be 0 or more metres, got {value}"),
    "bans.day_outside": ("只能查询 {low} 至 {high} 之间的日期（预案和情景所用的日历），{date} 不在其中",
        "only days from {low} to {high} can be checked (the calendar plans and scenarios are dated in); {date} is not one of them"),
    "bans.distance_needs_zone": ("距离从区域边缘量起：请同时给出区域", "a distance is measured from a zone's edge: give the zone too"),
    "bans.not_prohibited": ("未禁止", "Not prohibited"),
    "bans.why": ("依据", "Why"),
    "bans.requirements": ("同时适用的要求", "Requirements that also apply"),
    "bans.elsewhere": ("当天在其他地点禁止", "Prohibited on this day elsewhere"),
    "bans.periods": ("当天有效的时段", "Periods in force on this day"),
    # -- the engine's own events ({field} filled from the event)
    "event.repair_start": ("抢修队伍开始抢修{element}", "A repair crew starts work on {element}"),
    "event.repaired": ("{element}抢修完成", "{element} repaired"),
    "event.switch_in": ("{element} 恢复送电", "{element} switched back in"),
    "event.shed_load": ("{element} 有序限电", "Load shed on {element}"),
    "event.restore_shed_load": ("{element} 恢复限电负荷", "Shed load restored on {element}"),
    "event.no_crews": ("情景中没有可派的 {resource}", "The scenario has no {resource} to send"),
    "event.reclassified": ("按当前数据分级为{classification}（事件级别仍为{severity}）",
        "The figures now meet {classification} (the event remains {severity})"),
    "event.below_levels": ("按当前数据已低于各级分级标准（事件级别仍为{severity}）",
        "The figures now meet no severity level (the event remains {severity})"),
    "event.adjustment_proposed": ("按当前分级提请将响应由{from}调整为{to}",
        "Put to the decision: change the response from {from} to {to}"),
    "event.adjustment_proposed_below_levels": (
        "当前数值已低于各级分级标准，响应在终止前保持最低一级：提请将响应由{from}调整为{to}",
        "The figures meet no severity level, and a response keeps the plan's lowest level until it ends: "
        "put to the decision: change the response from {from} to {to}"),
    "event.end_response": ("终止应急响应", "The response ends"),
    "event.incident_begun": ("事件发生：{name}", "The incident begins: {name}"),
    "event.incident_over": ("事件平息：数据已不满足事件发生条件，且未达到任何分级、未启动响应",
                            "The incident is over: the figures no longer say it has begun, and it met no level "
                            "and started no response"),
    "event.incident_over_responded": ("事件平息：数据已不满足事件发生条件，响应已终止",
                                      "The incident is over: the figures no longer say it has begun, and its "
                                      "response has ended"),
    "event.incident_begun_again": ("事件再次发生（第{number}起）：{name}", "The incident begins again (incident {number}): {name}"),
    "event.incident_begun_again_shed": ("电网再次减供负荷：第{number}起事件发生", "Load is shed again: incident {number} begins"),
    "event.incident_opened": ("次生事件发生：{kind}（{name}）", "Secondary incident begins: {kind} ({name})"),
    "event.incident_closed": ("次生事件处置完毕：{incident}", "Secondary incident dealt with: {incident}"),
    "event.hazard_ends": ("{name}结束", "Over: {name}"),
    "event.backup_power_started": ("{name}启动自备应急电源", "{name} starts its own backup power"),
    "event.backup_out_of_fuel": ("{name}自备电源燃料耗尽", "The backup power of {name} runs out of fuel"),
    "event.grid_supply_restored": ("{name}恢复电网供电", "{name} is back on the grid"),
    "event.lost_power": ("{name}失去全部电源", "{name} has no power at all"),
    "event.mobile_generator_connected": ("应急发电车为{name}供电", "A mobile generator powers {name}"),
    "event.mobile_generator_left": ("应急发电车撤离{name}", "The mobile generator leaves {name}"),
    # -- after-action reports of a run
    "report.title": ("推演总结报告", "After-action report"),
    "report.run": ("运行信息", "What was run"),
    "report.plans": ("预案", "Plans"),
    "report.plan_issued": ("{date}发布", "issued {date}"),
    "report.plan_edited": ("修改后的副本", "an edited copy"),
    "report.area": ("区域模型", "Area model"),
    "report.seed_replication": ("{seed}，第 {replication} 次重复", "{seed}, replication {replication}"),
    "report.start": ("开始时间", "Start"),
    "report.horizon": ("推演时长", "Horizon"),
    "report.outcome": ("结果", "Outcome"),
    "report.warning_lifted": ("解除预警", "Warning lifted"),
    "report.incident_started": ("事件发生", "Incident began"),
    "report.end": ("推演结束", "Run ended"),
    "report.final": ("结束时指标", "Metrics at the end"),
    "report.yes": ("是", "yes"),
    "report.no": ("否", "no"),
    "report.levels": ("响应级别变化", "Response level changes"),
    "report.hours_at": ("各级别持续时间", "Hours at each level"),
    "report.from": ("从", "From"),
    "report.to": ("到", "To"),
    "report.hours": ("持续时间", "Duration"),
    "report.measures": ("启动的响应措施", "Measures activated"),
    "report.workload": ("单位工作量", "Units' workload"),
    "report.tasks": ("任务数", "Tasks"),
    "report.unit_hours": ("工时", "Unit-hours"),
    "report.waited": ("排队等待合计", "Queued in all"),
    "report.max_wait": ("最长一次等待", "Longest wait"),
    "report.unmet": ("未完成的职责", "Duties not carried out"),
    "report.reason": ("原因", "Reason"),
    # why a duty the plan triggered was never carried out (a result's ``unmet_duties``)
    # the resource's name is the plan's (a plural in English: "Power repair crews"), so the
    # counts stand after it, where no article or plural has to agree with them
    "unmet.short_of": ("{resource}不足：需要 {amount}，情景中只有 {have}", "short of {resource}: needs {amount}, the scenario has {have}"),
    "unmet.not_started": ("{unit}始终未着手办理", "{unit} never set to work on it"),
    "unmet.waiting": ("仍在等待{resource}", "still waiting for {resource}"),
    "unmet.trigger_ended": ("等待{resource}期间触发条件已不再成立", "its trigger ended while it waited for {resource}"),
    "report.user": ("用户", "User"),
    "report.fire": ("禁火执行与火情", "Fire bans and fires"),
    "report.attempts": ("野外用火企图", "Attempts at outdoor fire"),
    "report.major_fires": ("重大火情", "Major fires"),
    "report.to_report": ("起火至报警平均", "Ignition to report, mean"),
    "report.to_containment": ("起火至控制平均", "Ignition to containment, mean"),
    "report.lines_tripped": ("烧至的线路走廊", "Power-line corridors reached"),
    "report.fines": ("罚款（次数 · 元）", "Fines (count · yuan)"),
    "report.timeline": ("主要事件", "Key events"),
    "report.cut": ("（仅列出前 {n} 条，完整日志见 CSV）", "(first {n} shown; the CSV has the full log)"),
    "summary.key_times": ("关键时间", "Key times"),
    # each incident of a run that held several (the summary's ``incidents``), as every face lists them
    "incidents.title": ("各起事件", "Each incident"),
    "incidents.number": ("第{number}起事件", "Incident {number}"),
    "incidents.began": ("发生", "Began"),
    "incidents.over": ("平息", "Over"),
    "incidents.not_over": ("推演结束时未平息", "not over by the end"),
    "incidents.declared_by": ("启动响应单位", "Response declared by"),
    "incidents.ended_by": ("终止响应单位", "Response ended by"),
    "incidents.not_ended": ("推演结束时未终止", "not ended by the end"),
    "incidents.span": ("{began}发生，{over}平息", "began {began}, over {over}"),
    "incidents.span_open": ("{began}发生，推演结束时未平息", "began {began}, not over by the end"),
    "incidents.levels": ("最高事件级别为{severity}，最高响应级别为{level}", "severity up to {severity}, response up to {level}"),
    "incidents.no_response": ("最高事件级别为{severity}，{no_response}", "severity up to {severity}, {no_response}"),
    "incidents.response": ("{declared}启动响应，{ended}终止响应", "response declared by {declared}, ended by {ended}"),
    "incidents.response_open": ("{declared}启动响应，推演结束时未终止", "response declared by {declared}, not ended by the end"),
    "incidents.line": ("{incident}：{facts}", "{incident}: {facts}"),
    "zones.bounded_by": ("四至", "Bounded by"),
    # the roads that bound a zone, in order around it
    "zones.boundary_sep": ("——", " – "),
    "compare.run": ("{scenario}：{n} 次重复，种子 {seed}，共同随机数", "{scenario}: {n} {n:replication|replications}, seed {seed}, common random numbers"),
    "compare.variant": ("修改后的预案", "Edited plan"),
    "compare.replaces": ("{file} 替换 {plans}", "{file} replaces {plans}"),
    "compare.no_plan_changed": ("{file} 与原预案相同，没有预案改变", "{file} is the same as the original: no plan changed"),
    "compare.changed": ("{n} 次中 {changed} 次（{share}%）", "{changed} of {n} ({share} %)"),
    "compare.per_year": ("；按每年 {rate} 起事件计（{basis}），约每年 {per_year} 起",
                         "; ≈ {per_year} a year at {rate} incidents a year ({basis})"),
    # where a template's incidents a year come from (sim.sweep.compare.rate_basis)
    "compare.rate_assumed": ("情景模板的假设：{text}", "the scenario template's assumption: {text}"),
    "compare.rate_cited": ("情景模板的出处：{text}", "the scenario template's source: {text}"),
    "compare.more": ("……另有 {n} 次（--json 列出至多 {kept} 次及各次改变了什么）", "… {n} more (--json lists up to {kept}, with what each changed)"),
    "compare.open": ("打开第一次改变的重复，两种预案各一条命令", "To open the first changed replication, one command for each arm"),
    "compare.resources": ("资源数量", "Resource counts"),
    "compare.difference": ("差值", "difference"),
    "compare.interval": ("{confidence}% 置信区间", "{confidence} % CI"),
    "compare.paired": ("配对差值（修改后 − 原预案）", "Paired differences (edited − original)"),
    "compare.paired_about": ("{confidence}% 置信区间 = 均值 ± t·sd/√n；* 区间不含 0",
        "{confidence} % CI = mean ± t·sd/√n; * the interval excludes 0"),
    "compare.extra_work": ("谁承担额外工作", "Who carries the extra work"),
    "compare.extra_work_about": ("每起事件的工时，前 {top} 个单位", "unit-hours per incident; top {top}"),
    "compare.no_extra_work": ("没有单位的工时因修改而改变。", "No unit's hours change with the edit."),
    "fire.text.title": ("禁火令执行", "Fire bans on the ground"),
    "fire.text.attempts": ("尝试用火 {attempts}    合法 {legal}    放弃 {deterred}    劝返 {turned_back}    违规 {violations}    "
        "制止/查处 {caught}", "Attempts {attempts}    legal {legal}    deterred {deterred}    turned back {turned_back}    "
        "violations {violations}    caught {caught}"),
    "fire.text.by_activity_place": ("违规（按活动、地点）", "Violations by activity and place"),
    "fire.text.fires": ("火灾 {started} 起（违规引发 {from_violations}，重大 {major}）    过火面积 {hectares} 公顷",
        "Fires {started} (from violations {from_violations}, major {major})    burned {hectares} ha"),
    "fire.text.to_report": ("起火至报警", "Ignition to the alarm call"),
    "fire.text.to_containment": ("起火至控制", "Ignition to containment"),
    "fire.text.mean": ("平均 {mean}（最长 {max}，{n} 起）", "mean {mean} (longest {max}, n={n})"),
    "fire.text.penalties": ("处罚 {count} 次    罚款 {yuan} 元    移送 {referrals} 起    巡护工时 {patrol}",
        "Penalties {count}    fines {yuan} yuan    referrals {referrals}    patrol team-hours {patrol}"),
    "fire.text.fine": ("罚款 {yuan} 元", "fine {yuan} yuan"),
    # -- a penalty's case in a log (sim.event_text.penalty_case): the circumstances it answered to
    "penalty.case": ("案情：{activity}（{where}），适用情形：{when}", "case: {activity} ({where}), applied because {when}"),
    "circumstance.caught": ("违规行为被当场查获或事后查明", "the violation was caught or traced"),
    "circumstance.serious": ("情节严重", "the case was serious"),
    "circumstance.fire": ("引发火灾", "it started a fire"),
    "circumstance.major_fire": ("火灾发展为重大火情", "the fire became major"),
    "circumstance.forest_damage": ("火烧到森林", "the fire burned forest"),
    "circumstance.obstruction": ("拒绝或阻碍检查人员", "the offender refused or obstructed the inspectors"),
    "fire.text.log": ("火灾与停电事件记录（时间 · [预案] 条款 · 单位）", "Fire and blackout log (time · [plan] clause · unit)"),
    "summary.discretion": ("事发地政府自主响应", "Local response at discretion"),
    "summary.ended": ("终止", "ended"),
    # -- what drill faces show of a drill
    "drill.player": ("参演人员", "Played by"),
    #: The engine acting for a role nobody plays, as the plan says: the one word for it on every drill face
    #: (an entry the model makes of itself, under no clause of a plan, is log.model's).
    "drill.engine": ("推演引擎（按预案办理）", "the engine (as the plan says)"),
    "drill.done": ("已办", "Done"),
    "drill.open": ("待办", "Open"),
    "drill.late": ("迟办", "Late"),
    "drill.missed": ("未办", "Missed"),
    "drill.declined": ("决定不采取", "Declined"),
    "drill.score": ("得分率", "Score"),
    "drill.from": ("来源", "From"),
    "drill.message": ("内容", "Message"),
    "drill.due": ("应办时间", "Due"),
    "drill.decided_at": ("决定时间", "Decided"),
    "drill.by": ("办结时限", "By"),
    "drill.action": ("行动", "Action"),
    "drill.assessment": ("评定", "Assessment"),
    "drill.facilitator": ("导调", "Facilitator"),
    "drill.report_from": ("收到报告（{clause}）", "Report received ({clause})"),
    "drill.level_set": ("应急响应：{what}", "Response: {what}"),
    "drill.level_end": ("应急响应终止", "The response has ended"),
    "drill.measure": ("启动响应措施：{what}", "Measure activated: {what}"),
    "drill.warning": ("预警通报：{what}", "Warning notice: {what}"),
    "drill.yours_to_decide": ("请作出决定：{what}（{clause}）。预案交由本单位决定：可以办理，也可以决定不采取",
        "Yours to decide: {what} ({clause}). The plan leaves it to your unit: do it or decline it"),
    "drill.the_plan": ("预案", "The plan"),
    "drill.released": ("已下达", "released"),
    "drill.scheduled": ("计划 {t}", "scheduled at {t}"),
    "drill.paused": ("暂停", "paused"),
    "drill.real_time": ("实时", "real time"),
    "drill.ended": ("已结束", "ended"),
    "drill.stalled": ("（服务器未运行，时钟停走）", " (no server is keeping it: standing still)"),
    "drill.no_tasks": ("当前没有待办任务。", "No tasks right now."),
    # ... and words the drill's pages, report, script and sheet share (by the whole key)
    "drill.clock": ("演练时钟", "Drill clock"),
    "drill.acted": ("由推演引擎按原文执行（无人扮演）", "Acted by the engine as written (no one plays them)"),
    "drill.deadline": ("办结时限", "Deadline"),
    "drill.drawn": ("抽取的事件", "Drawn incident"),
    "drill.drill": ("演练", "Drill"),
    "drill.injects": ("情景通报", "Injects"),
    "drill.due_date": ("完成期限", "Due"),
    "drill.grace": ("无时限环节的宽限", "Grace for steps without a time of their own"),
    "drill.improvement_action": ("改进措施", "Action"),
    "drill.item_number": ("编号", "No."),
    "drill.objective": ("目标", "Objective"),
    "drill.objectives": ("演练目标", "Objectives"),
    "drill.overall": ("总得分率", "Overall score"),
    "drill.own_inject": ("导调通报", "Facilitator's inject"),
    "drill.responsible": ("责任单位", "Responsible"),
    "drill.role": ("角色（单位）", "Role (unit)"),
    "drill.scenario_inject": ("情景通报", "Scenario inject"),
    "drill.start": ("情景开始", "Scenario start"),
    "drill.what": ("事项", "What"),
    # -- the kinds of a drill player's action (sim.drills.actions)
    "drill_action.warning_step": ("预警发布环节", "Warning step"),
    "drill_action.lift_warning": ("解除预警", "Lift the warning"),
    "drill_action.report": ("信息报告", "Report"),
    "drill_action.declare": ("启动应急响应", "Declare the response"),
    "drill_action.adjust": ("调整响应级别", "Adjust the level"),
    "drill_action.end": ("终止应急响应", "End the response"),
    "drill_action.discretion": ("未达级别时自行启动应急响应", "Start a response below the lowest level"),
    "drill_action.escalate": ("报请上级政府指挥", "Ask the higher government to take over"),
    "drill_action.decline_discretion": ("决定不自行启动应急响应", "Decline a response below the lowest level"),
    "drill_action.decline_escalate": ("决定不报请上级政府指挥", "Decline to ask the higher government to take over"),
    "drill_action.decline_duty": ("决定不开展职责工作", "Decline a duty"),
    "drill_action.decline_step": ("决定不实施处置步骤", "Decline a step"),
    "drill_action.decline_warning_step": ("决定不办理预警环节", "Decline a warning step"),
    "drill_action.decline_lift_warning": ("决定不解除预警", "Decline to lift the warning"),
    "drill_action.dispatch": ("派出抢修队伍", "Dispatch a crew"),
    "drill_action.duty": ("开展职责工作", "Start a duty"),
    "drill_action.step": ("实施处置步骤", "Carry out a step"),
    "drill_action.note": ("记录", "Note"),
    # -- a drill's refusals: who may act, and text checked at the door (sim.drills.db, sim.drills.text)
    "drill_refusal.standing": ("“{what}”已于 {clock} 记录，正等待执行，不再重复记录", "“{what}” was logged at {clock} and "
                               "is waiting to take effect; it is not logged again"),
    "drill_refusal.done_already": ("“{what}”已于 {clock} 完成，不再重复记录", "“{what}” was done at {clock}; it is not "
                                   "logged again"),
    "drill_refusal.decided_already": ("本单位已于 {clock} 就此作出决定（{what}），不再重复记录",
                                      "the unit decided this at {clock} ({what}); it is not logged again"),
    "drill_refusal.response_ended": ("应急响应已于 {clock} 终止，“{what}”未记录", "the response ended at {clock}; "
                                     "“{what}” is not logged"),
    "drill_refusal.level_in_force": ("{level}已在实施，不再启动响应；如需改变级别，请调整响应级别",
                                     "{level} is already in force, so no response is declared again; to change the "
                                     "level, adjust it"),
    "drill_refusal.nothing_to_report": ("事件尚未发生，还没有可报告的情况，“{what}”未记录",
                                        "nothing has happened yet to report; “{what}” is not logged"),
    "drill_refusal.no_level": ("尚未启动应急响应，“{what}”未记录", "no response level is in force yet; “{what}” is not "
                               "logged"),
    "drill_refusal.level_not_in_force": ("{level}未在实施，“{what}”未记录：预案在该级别响应时才报请",
                                         "{level} is not in force; “{what}” is not logged: the plan makes this "
                                         "request during a response at that level"),
    "drill_refusal.same_level": ("{level}已在实施，无需调整到同一级别", "{level} is already in force; there is no "
                                 "adjusting to the same level"),
    "drill_refusal.not_told": ("{unit}尚未接到事件报告，现在（{clock}）还不能启动响应：预案规定接报后按初判启动相应级别的响应（{clause}）；"
        "报告由{senders}报来。本次宣布未记录",
        "the report of the event has not reached {unit} yet, so no response can be declared now ({clock}): "
        "the plan starts the level on the report, by its first assessment ({clause}); the report comes from "
        "{senders}. Nothing was logged"),
    "drill_refusal.no_drill": ("没有编号为 {drill} 的演练", "no drill with id {drill}"),
    "drill_refusal.nobody_plays": ("演练 {drill} 中无人扮演{role}，由推演引擎按预案办理",
                                   "nobody plays {role} in drill {drill}: the engine acts for it as the plan says"),
    "drill_refusal.wrong_key": ("密钥不是{role}当前参演人员的：只能用本角色的参演链接或 --key 行动",
                                "the key is not that of the present player of {role}: act with the role's own link "
                                "or --key"),
    "drill_refusal.facilitator_key": ("需要演练 {drill} 的导调密钥", "this needs the facilitator's key of drill {drill}"),
    "drill_refusal.no_keys": ("演练 {drill} 创建于启用密钥之前，只能查看和出报告",
                              "drill {drill} was made before drills had keys: it can be read and reported, not run"),
    "drill_refusal.ended": ("演练 {drill} 已结束（时钟已到终点 {end}）",
                            "drill {drill} has ended (its clock is at the end, {end})"),
    "drill_refusal.archived": ("演练 {drill} 已归档：可以查看和出报告，恢复后才能更改",
                               "drill {drill} is archived: it can be read and reported, and changed only once restored"),
    "drill_refusal.already_archived": ("演练 {drill} 已经归档", "drill {drill} is already archived"),
    "drill_refusal.not_archived": ("演练 {drill} 没有归档，无需恢复", "drill {drill} is not archived: there is nothing to restore"),
    "drill_refusal.archive_running": ("演练 {drill} 的时钟正在运行：请先暂停，再归档",
                                      "the clock of drill {drill} is running: pause it before archiving the drill"),
    "drill_refusal.released": ("演练 {drill} 的情景通报“{inject}”已于 {clock} 提前下达",
                               "inject {inject} of drill {drill} was already released at {clock}"),
    "drill_refusal.delivered": ("演练 {drill} 的情景通报“{inject}”已于 {clock} 按计划下达",
                                "inject {inject} of drill {drill} was already delivered on schedule at {clock}"),
    "drill_inject.out_of_service": ("停运设备：{elements}", "Out of service: {elements}"),
    "drill_cli.drill": ("演练 {drill}", "drill {drill}"),
    "drill_cli.created": ("已创建演练 {drill}：{name}（{n} 名参演人员）；时钟暂停在情景开始时刻 {start}",
        "drill {drill} created: {name} ({n} {n:participant|participants}); the clock is paused at {start}, the scenario's start"),
    "drill_cli.forked": ("已创建演练 {drill}：演练 {original} 截至 {at} 的情况，时钟暂停于此",
        "drill {drill} created: drill {original} up to {at}, paused there"),
    "drill_cli.facilitator_key": ("导调密钥（改变演练的命令使用，如 assign、rekey、advance）",
        "facilitator key (for the commands that change the drill, e.g. assign, rekey, advance)"),
    "drill_cli.keys_once": ("每个密钥只显示这一次，请私下交给本人（`drill rekey` 可重新生成）",
        "each key is shown only now: hand it to its holder privately (`drill rekey` makes a new one)"),
    "drill_cli.no_drills": ("没有演练", "no drills"),
    "drill_cli.no_open_drills": ("没有未归档的演练（drill list --all 列出全部）", "no drills but archived ones (drill list --all lists them)"),
    "drill_cli.list.archived": ("已归档", "archived"),
    "drill_cli.archived": ("#{seq} {at}：演练 {drill} 已归档（{person}）；drill archive {drill} --restore 可恢复",
                           "#{seq} at {at}: drill {drill} archived ({person}); drill archive {drill} --restore brings it back"),
    "drill_cli.is_archived": ("已归档：可以查看和出报告；drill archive {drill} --restore 恢复后才能更改",
                              "archived: read and reported; changed only once drill archive {drill} --restore brings it back"),
    "drill_cli.restored": ("#{seq} {at}：演练 {drill} 已恢复（{person}）", "#{seq} at {at}: drill {drill} restored ({person})"),
    "drill_cli.list.id": ("编号", "id"),
    "drill_cli.list.clock": ("时钟", "clock"),
    "drill_cli.list.mode": ("模式", "mode"),
    "drill_cli.list.people": ("人数", "people"),
    "drill_cli.list.actions": ("行动数", "actions"),
    "drill_cli.list.drill": ("情景 / 名称", "scenario / name"),
    "drill_cli.acted": ("#{seq} {at}：{role}·{person}：{kind}", "#{seq} at {at}: {role} · {person}: {kind}"),
    "drill_cli.clock": ("时钟 {now}（至 {end} 结束）· {mode}", "clock {now} (ends {end}) · {mode}"),
    "drill_cli.assigned": ("#{seq} {at}：{role} 由 {who} 扮演", "#{seq} at {at}: {role} is played by {who}"),
    "drill_cli.old_key": ("旧密钥已失效", "the old key no longer works"),
    "drill_cli.sheet_written": ("链接单已写入 {out}（{n} 个角色）", "link sheet written to {out} ({n} {n:role|roles})"),
    "drill_cli.released": ("#{seq} {at}：情景通报“{inject}”已提前下达", "#{seq} at {at}: inject “{inject}” released early"),
    "drill_cli.advanced": ("演练 {drill}：时钟 {start} → {end}", "drill {drill}: clock {start} -> {end}"),
    "drill_cli.report_written": ("演练 {drill}：报告已写入 {out}（总得分 {score}，偏差 {n} 处）",
        "drill {drill}: report written to {out} (overall score {score}, {n} {n:deviation|deviations})"),
    "drill_cli.script_written": ("演练脚本已写入 {out}：情景注入 {injects} 条，{rows} 行，目标 {objectives} 项",
        "drill script written to {out}: {injects} {injects:inject|injects}, {rows} {rows:row|rows}, {objectives} {objectives:objective|objectives}"),
    "drill_cli.scenario_written": ("情景已写入 {out}，情景注入取自 {sheet}", "scenario written to {out} with the injects of {sheet}"),
    "drill_cli.objectives_shared": ("演练 {drill}：目标 {n} 项；参演人员可以看到进展",
        "drill {drill}: {n} {n:objective|objectives}; participants see their progress"),
    "drill_cli.objectives_hidden": ("演练 {drill}：目标 {n} 项；参演人员看不到进展",
        "drill {drill}: {n} {n:objective|objectives}; participants do not see their progress"),
    "drill_cli.improvement_items": ("演练 {drill}：改进事项 {n} 项", "drill {drill}: {n} improvement {n:item|items}"),
    "drill_cli.no_improvement_items": ("没有改进事项", "no improvement items"),
    "drill_cli.item": ("#{id}【{grade} · {attribution}】{clause} · {unit} · {due} · {status}",
        "#{id} [{grade} · {attribution}] {clause} · {unit} · {due} · {status}"),
    "drill_cli.improvement_changed": ("#{id}：{status} · {unit} · 期限 {due}", "#{id}: {status} · {unit} · due {due}"),
    "drill_refusal.not_a_unit": ("{role} 不是《{plan}》中的单位（单位：{units}）",
        "{role} is not a unit of the {plan} (units: {units})"),
    "drill_refusal.unknown_action": ("未知的行动 {kind}（行动：{kinds}）", "unknown action {kind} (actions: {kinds})"),
    "drill_refusal.not_given": ("预案没有把{kind}交给{role}（其行动：{allowed}）",
        "the plan does not give {kind} to {role} (its actions: {allowed})"),
    "drill_refusal.no_argument": ("{kind}不接受参数 {extra}", "{kind} takes no argument {extra}"),
    "drill_refusal.only_argument": ("{kind}不接受参数 {extra}（只接受 {arg}=…）", "{kind} takes no argument {extra} (only {arg}=…)"),
    "drill_refusal.needs_argument": ("{kind}需要 --arg {arg}=…", "{kind} needs --arg {arg}=…"),
    "drill_refusal.needs_choice": ("{kind}需要 --arg {arg}=…；可选：{choices}", "{kind} needs --arg {arg}=…; one of: {choices}"),
    "drill_refusal.not_a_choice": ("{arg} {value} 不是{role}的可选项；可选：{choices}",
        "{arg} {value} is not one of the choices of {role}; one of: {choices}"),
    "drill_refusal.facilitator_name": ("导调人员需要姓名", "the facilitator needs a name"),
    "drill_refusal.name": ("演练需要名称", "a drill needs a name"),
    "drill_refusal.seed": ("种子应为 0 到 {max} 之间的整数，而不是 {seed}", "a seed is an integer from 0 to {max}, not {seed}"),
    "drill_refusal.replication": ("抽样编号应为 0 到 {max} 之间的整数，而不是 {replication}",
        "a replication is an integer from 0 to {max}, not {replication}"),
    "drill_refusal.no_decision": ("{role} 在《{plan}》下不作任何决策（角色：{roles}）",
        "{role} takes no decision under the {plan} (roles: {roles})"),
    "drill_refusal.unknown_role": ("{role} 不是《{plan}》中的单位（角色：{roles}）",
        "{role} is not a unit of the {plan} (roles: {roles})"),
    "drill_refusal.no_decision_in": ("{role} 在演练 {drill} 中不作任何决策（角色：{roles}）",
        "{role} takes no decision in drill {drill} (roles: {roles})"),
    "drill_refusal.person": ("“{role}”需要参演人员的姓名", "“{role}” needs a person's name"),
    "drill_refusal.unknown_setting": ("未知的设置 {key}（设置：{settings}）", "unknown setting {key} (settings: {settings})"),
    "drill_refusal.setting_hours": ("{setting}应为 0 到 {max} 之间的小时数，而不是 {value}",
        "the {setting} must be a number of hours from 0 to {max}, not {value}"),
    # -- the settings a facilitator may give a drill (sim.drills.control.DEFAULT_SETTINGS), in words
    "drill_setting.grace_h": ("无时限环节的宽限", "grace for steps without a time of their own"),
    "drill.no_single_scenario": ("演练所存的输入文件中没有唯一的情景文件，无法重放该演练",
        "the drill's stored input files hold no single scenario file, so the drill cannot be replayed"),
    "drill_refusal.inject_roles": ("情景注入至少要发给一个角色", "an inject goes to at least one role"),
    "drill_refusal.inject_title": ("情景注入需要标题", "an inject needs a title"),
    "drill_refusal.advance_hours": ("推进需要大于 0、至多 {max} 的小时数，而不是 {hours}",
        "advance needs a number of hours above 0 and at most {max}, not {hours}"),
    "drill_refusal.url": ("链接的地址应为带主机名的 http 或 https 网址（如 {example}），而不是 {url}",
        "the links' address must be an http or https URL with a host (such as {example}), not {url}"),
    "drill_refusal.rate": ("时钟倍速必须为正数，而不是 {rate}", "the clock rate must be positive, not {rate}"),
    "drill_refusal.bad_url": ("无法使用数据库 URL {url}：{reason}", "cannot use database URL {url}: {reason}"),
    "drill_refusal.cannot_open": ("无法打开数据库 {url}：{reason}", "cannot open database {url}: {reason}"),
    # why a drill database cannot be used (sim.drills.db_reasons): what to fix, never the driver's English
    "db_error.not_a_url": ("这不是数据库 URL（应为 sqlite:///文件 或 postgresql+psycopg://用户:密码@主机/库名）",
                           "this is not a database URL (expected sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE)"),
    "db_error.bad_part": ("URL 中有一部分读不出来：用户名或密码中的 @、: 和 / 须写成 %40、%3A 和 %2F，端口须是数字",
                          "a part of the URL cannot be read: an @, : or / in the user name or password is written %40, "
                          "%3A or %2F, and the port is a number"),
    "db_error.unknown_kind": ("不支持 {kind} 类型的数据库（可用 sqlite:///文件 或 postgresql+psycopg://用户:密码@主机/库名）",
                              "{kind} databases are not supported (use sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE)"),
    "db_error.no_driver": ("本机没有安装 {kind} 数据库的驱动程序（PostgreSQL 需要 pip install 'tuiyan[postgres]'）",
                           "the driver for {kind} databases is not installed (PostgreSQL needs pip install 'tuiyan[postgres]')"),
    "db_error.not_a_database": ("这个文件不是 SQLite 数据库", "this file is not an SQLite database"),
    "db_error.damaged": ("数据库文件已损坏", "the database file is damaged"),
    "db_error.read_only": ("数据库文件只能读、不能写", "the database file can be read but not written"),
    "db_error.busy": ("数据库正忙（被其他程序占用，或连接数已满），请稍后再试",
                      "the database is busy (held by another program, or all its connections are in use); try again later"),
    "db_error.permission": ("没有使用这个数据库的权限", "no permission to use this database"),
    "db_error.cannot_create": ("无法在这里创建或打开数据库文件", "the database file cannot be made or opened here"),
    "db_error.login_refused": ("数据库服务器拒绝登录：用户名或密码不对", "the database server refused the login: wrong user name or password"),
    "db_error.no_such_database": ("数据库服务器上没有这个数据库", "the database server has no database of that name"),
    "db_error.starting": ("数据库服务器正在启动或关闭，暂不接受连接", "the database server is starting up or shutting down and takes no connections yet"),
    "db_error.unusable": ("数据库无法使用（请检查 URL、文件或服务器，以及用户名和密码）",
                          "the database cannot be used (check the URL, the file or the server, and the user name and password)"),
    "drill_refusal.no_inject": ("演练 {drill} 中没有情景通报 {inject}（可下达：{injects}）",
        "drill {drill} has no inject {inject} (to release: {injects})"),
    "drill_refusal.no_inject_left": ("演练 {drill} 中没有情景通报 {inject}，也已没有待下达的情景通报",
        "drill {drill} has no inject {inject}, and none is left to release"),
    "drill_refusal.already_plays": ("演练 {drill} 中的{role}已由 {person} 扮演", "{role} in drill {drill}: {person} already plays it"),
    "drill_refusal.engine_plays": ("演练 {drill} 中的{role}已由推演引擎按预案办理",
        "{role} in drill {drill}: the engine already acts for it"),
    "drill_refusal.no_scenario": ("没有这个情景文件", "no such scenario file"),
    "drill_refusal.no_response_plan": ("演练需要情景所列预案中有一份响应预案", "a drill needs a response plan among the scenario's plans"),
    "drill_refusal.pair": ("应写作 {flag} K=V，实际为 {got}", "expected {flag} K=V, got {got}"),
    "drill_refusal.blank": ("等号后面没有内容（为空或只有空格）", "nothing follows the = (it is empty or only spaces)"),
    "drill_refusal.blank_person": ("没有给出姓名（为空或只有空格）；要把角色交还推演引擎，请不写 --person",
        "no name is given (it is empty or only spaces); to hand the role back to the engine, leave --person out"),
    "drill_refusal.twice": ("{key} 给出了两次", "{key} is given twice"),
    "drill_refusal.not_after": ("{target} 不晚于演练时钟 {now}", "{target} is not after the drill's clock, {now}"),
    "drill_refusal.xlsx_out": ("XLSX 工作簿需要 --out FILE", "an XLSX workbook needs --out FILE"),
    "drill_refusal.cannot_write": ("无法写入{what}：{reason}", "cannot write the {what}: {reason}"),
    "drill_refusal.what.script": ("演练脚本", "drill script"),
    "drill_refusal.what.scenario": ("情景", "scenario"),
    "drill_refusal.what.report": ("报告", "report"),
    "drill_refusal.what.sheet": ("链接单", "link sheet"),
    "drill_text.not_text": ("应为文字，而不是 {kind}", "expected text, not {kind}"),
    "drill_text.not_utf8": ("第 {at} 个字符处的字节 0x{byte} 不是 UTF-8 编码（请将终端设为 UTF-8）",
                            "byte 0x{byte} at character {at} is not UTF-8 (set the terminal to UTF-8)"),
    "drill_text.surrogate": ("第 {at} 个字符是孤立的代理码位 U+{code}，不是有效文字",
                             "character {at} is a lone surrogate U+{code}, not valid text"),
    "drill_text.nul": ("第 {at} 个字符是空字符（NUL）", "character {at} is NUL"),
    "drill_text.control": ("第 {at} 个字符是控制字符 U+{code}", "character {at} is the control character U+{code}"),
    "drill_text.bidi": ("第 {at} 个字符是改变文字显示方向的不可见控制字符 U+{code}，请删除后重新输入",
                        "character {at} is U+{code}, an invisible control that changes the direction text is "
                        "shown in; delete it and type the text again"),
    "drill_text.too_long": ("长度 {length} 个字符，最多 {limit} 个", "{length} characters long, at most {limit} allowed"),
    # a report a player may send, by the units it goes to
    "drill_choice.report_to": ("报告{receivers}", "Report to {receivers}"),
    "drill_choice.escalate_at": ("{level}时报请{to}指挥", "At {level}, ask {to} to take over"),
    # -- the drill pages (sim.ui.drill_pages)
    "drill_page.no_drills": ("还没有演练。请在“{page}”页新建。", "No drills yet. Create one on the “{page}” page."),
    "drill_page.no_drills_above": ("还没有演练。请在上方“新建演练”中新建。", "No drills yet. Create one above, under New drill."),
    "drill_page.new": ("新建演练", "New drill"),
    "drill_page.drill_option": ("{id} · {name}（{scenario}）", "{id} · {name} ({scenario})"),
    "drill_page.name": ("演练名称", "Drill name"),
    "drill_page.grace": ("无时限环节的宽限（小时）", "Grace for steps without a time of their own (h)"),
    "drill_page.grace_help": ("预案没有规定时限的环节（决策、报告、措施），参演人员在其该办之后这段时间内办理即记为“按时”，更晚则记为“迟办”。",
        "For a step the plan gives no time of its own (a decision, a report, a measure), acting within this long after "
        "it falls due is scored on time, and later, late."),
    "drill_page.roles": ("参演单位（按名称选择，每个单位一人）", "Played units (pick by name; one person each)"),
    "drill_page.all_roles": ("全部单位参演", "Every unit takes part"),
    "drill_page.pick_roles": ("选择参演单位", "Choose the units that take part"),
    "drill_page.person_for": ("{unit}：参演人员", "{unit}: played by"),
    "drill_page.no_database": ("无法打开演练数据库，演练页面暂不能使用：", "The drills' database cannot be opened, so the drill pages cannot be used for now:"),
    "drill_page.unknown_drill": ("链接中的演练 {drill} 不存在，请检查链接。",
        "There is no drill {drill}, as the link says: check the link."),
    "drill_page.unknown_role": ("演练 {drill} 中没有人扮演“{unit}”，请向导调索取正确的链接。",
        "Nobody plays “{unit}” in drill {drill}: ask the facilitator for the right link."),
    "drill_page.no_such_role": ("链接所指的角色不是演练 {drill} 中的角色，请向导调索取正确的链接。",
        "The link names no role of drill {drill}: ask the facilitator for the right link."),
    "drill_page.stopped_at": ("时钟停在 {clock}：这是“{task}”的办结时限，再次前进将越过它。",
        "The clock stopped at {clock}: the deadline of “{task}”; advancing again passes it."),
    "drill_page.create": ("创建", "Create"),
    "drill_page.created": ("已创建演练 {id}", "Drill {id} created"),
    "drill_page.clock_value": ("{now}（{end} 结束）· {mode}", "{now} (ends {end}) · {mode}"),
    "drill_page.realtime": ("实时运行", "Run in real time"),
    "drill_page.accelerate": ("加速运行", "Run accelerated"),
    "drill_page.rate": ("倍速", "Speed ×"),
    "drill_page.step": ("单步", "Single step"),
    "drill_page.advance": ("前进", "Advance"),
    "drill_page.advance_h": ("前进小时数", "Hours to advance"),
    "drill_page.to_end": ("推进到结束", "To the end"),
    "drill_page.assign": ("分配角色", "Assign a role"),
    "drill_page.person": ("人员（留空则交还推演引擎）", "Person (empty: back to the engine)"),
    "drill_page.apply": ("确定", "Apply"),
    "drill_page.release": ("立即下达", "Release now"),
    "drill_page.to_roles": ("发给", "To"),
    "drill_page.title_zh": ("标题（中文）", "Title (Chinese)"),
    "drill_page.title_en": ("标题（英文）", "Title (English)"),
    "drill_page.body_zh": ("内容（中文）", "Text (Chinese)"),
    "drill_page.body_en": ("内容（英文）", "Text (English)"),
    "drill_page.send": ("下达", "Send"),
    "drill_page.overview": ("总览", "Overview"),
    "drill_page.deviations": ("偏差", "Deviations"),
    "drill_page.report": ("处置评估报告", "Evaluation report"),
    "drill_page.download_md": ("下载 Markdown", "Download Markdown"),
    "drill_page.download_html": ("下载可打印 HTML", "Download printable HTML"),
    "drill_page.pick_role": ("我的角色", "My role"),
    "drill_page.playing_as": ("{person} · {unit}", "{person} · {unit}"),
    "drill_page.inbox": ("收件箱", "Inbox"),
    "drill_page.tasks": ("待办任务", "Tasks"),
    "drill_page.overdue": ("已超时", "overdue"),
    "drill_page.do": ("办理", "Do it"),
    "drill_page.decline": ("不采取", "Decline"),
    "drill_page.decline_help": ("预案将此交由本单位决定：可以办理，也可以决定不采取。决定不采取不计为未办，但须在办结时限前作出决定。",
                                "The plan leaves this to your unit: do it, or decline it. A decline is not a miss, "
                                "but decide by the deadline."),
    "drill_page.left_to_units": ("预案交由各单位决定的事项", "Decisions the plan leaves to the units"),
    "drill_page.act": ("采取行动", "Take an action"),
    "drill_page.argument": ("对象", "On"),
    "drill_page.note_text": ("记录内容", "Note"),
    "drill_page.submit": ("提交", "Submit"),
    "drill_page.done": ("已记录：第 {seq} 项，{t}", "Logged: #{seq} at {t}"),
    "drill_page.timeline": ("我的时间线", "My timeline"),
    "drill_page.ended": ("演练已结束。", "The drill has ended."),
    "drill_page.console_unlogged": ("“{what}”未执行：演练已于 {end} 结束。", "“{what}” was not done: the drill ended at {end}."),
    "drill_page.console_ended": (
        "演练已于 {end} 结束：时钟、情景通报和角色分配已停用；仍可重发参演链接、编辑目标、下载评估报告、登记改进项和重演。",
        "The drill ended at {end}: the clock, the injects and assigning roles are closed; new links for the "
        "players, the objectives, the evaluation report, improvement items and forks still work."),
    "drill_page.ended_unlogged": ("演练已于 {end} 结束，“{what}”未记录。",
                                  "The drill ended at {end}; “{what}” was not logged."),
    "drill_page.key": ("密钥", "Key"),
    "drill_page.facilitator_name": ("导调人员", "Facilitator"),
    "drill_page.need_facilitator_key": ("打开本演练的导调或投影需要导调密钥（在导调链接中，或在此输入）。",
                                        "Opening this drill's console or projector view needs the facilitator's key "
                                        "(in the facilitator's link, or enter it here)."),
    "drill_page.need_participant_key": ("请打开导调发给您的参演链接，或在下方输入导调给您的密钥：密钥决定您参加哪个演练、扮演哪个角色。",
                                        "Open the participant link the facilitator gave you, or enter the key they "
                                        "gave you below: the key says which drill you take part in and which role "
                                        "you play."),
    "drill_page.no_such_key": ("该密钥不属于任何演练，或已失效（角色已转交他人或链接已重发）。请核对密钥，或向导调索取新链接。",
                               "This key belongs to no drill, or no longer works (the role changed hands or the link "
                               "was renewed). Check the key, or ask the facilitator for a new link."),
    "drill_page.show_archived": ("显示已归档的演练", "Show archived drills"),
    "drill_page.drill_option_archived": ("{id} · {name}（{scenario}）· 已归档", "{id} · {name} ({scenario}) · archived"),
    "drill_page.all_archived": ("所有演练都已归档：勾选“显示已归档的演练”即可查看。",
                                "Every drill is archived: tick “Show archived drills” to see them."),
    "drill_page.console_archived": (
        "本演练已归档：时钟、情景通报、角色分配、参演链接、目标和登记改进项已停用；仍可查看、下载评估报告、跟踪已登记改进项的进展和重演（重演是新的演练，本演练不变）。恢复后才能更改。",
        "This drill is archived: the clock, the injects, assigning roles, the players' links, the objectives and "
        "filing improvement items are closed; it can still be read, its evaluation report downloaded, the items "
        "already filed followed up, and forks made (a fork is a new drill; this one stays as it is). "
        "Restore it to change it."),
    "drill_page.desk_archived": ("导调已将本演练归档：可以查看，不能再行动。",
                                 "The facilitator has archived this drill: it can be read, and no action is taken."),
    "drill_page.archive_title": ("归档", "Archive"),
    "drill_page.archive_caption": (
        "归档后，本演练不再出现在演练列表中（勾选“显示已归档的演练”可见），不能更改，仍可查看和出报告；不删除任何内容，可随时恢复。",
        "Once archived, the drill is left out of the list of drills (tick “Show archived drills” to see it) and "
        "cannot be changed; it can still be read and reported. Nothing is deleted, and it can be restored at any time."),
    "drill_page.archive": ("归档本演练", "Archive this drill"),
    "drill_page.archive_confirm": ("确定归档“{name}”？归档后参演人员不能再行动，直到恢复。",
                                   "Archive “{name}”? The players can take no action until it is restored."),
    "drill_page.archive_yes": ("确定归档", "Yes, archive it"),
    "drill_page.archive_no": ("取消", "Cancel"),
    "drill_page.restore": ("恢复本演练", "Restore this drill"),
    "drill_page.forked_into": ("本演练已于 {clock} 分出新演练“{name}”。", "This drill was forked at {clock} into “{name}”."),
    "drill_page.wrong_key": ("该密钥不属于本演练，或已失效（角色已转交他人或链接已重发）。",
                             "This key does not belong to this drill, or no longer works (the role changed hands or "
                             "the link was renewed)."),
    "drill_page.link_lapsed": ("此链接已不再扮演{unit}：该角色现由{person}扮演（角色已转交或链接已重发）。如需继续参演，请向导调索取新链接。",
                               "This link no longer plays {unit}: {person} plays it now (the role was handed on or "
                               "its link renewed). To go on playing, ask the facilitator for a new link."),
    "drill_page.whole_message": ("全文：{time} · {title}", "In full: {time} · {title}"),
    "drill_page.done_before": ("{ago}前（演练时间）的上一次操作 · {what}", "Your last action, {ago} ago in drill time · {what}"),
    "drill_page.dismiss": ("知道了", "Dismiss"),
    "drill_page.facilitator_key_here": ("这是本演练的导调密钥：它打开导调台和投影，不打开参演页。参演页需要导调发给各参演人员的参演链接。",
                                        "This is the drill's facilitator key: it opens the console and the projector "
                                        "view, not a participant's desk, which needs the link the facilitator hands "
                                        "each participant."),
    "drill_page.open_console": ("用此密钥打开导调台", "Open the console with this key"),
    "drill_page.participant_key_here": ("这是{unit}（{person}）的参演密钥：它只打开参演页，不打开导调台或投影，二者需要导调密钥。",
                                        "This is the participant key of {unit} ({person}): it opens only their desk "
                                        "on the participant page, not the console or the projector view, which need "
                                        "the facilitator's key."),
    "drill_page.open_desk": ("用此密钥打开参演页", "Open the participant page with this key"),
    "drill_page.links": ("密钥与链接（只显示这一次，请私下分发）", "Keys and links (shown only now: hand them out privately)"),
    "drill_page.your_link": ("导调链接（请保存，勿外传）", "Facilitator link (keep it, do not share it)"),
    "drill_page.new_link": ("重发参演链接（旧链接失效）", "New participant link (the old one stops working)"),
    "drill_page.every_role": ("全部角色（重新生成整张链接单）", "Every role (a new link sheet for the room)"),
    "drill_page.issue": ("生成", "Issue"),
    # -- a refused form on the drill pages, said by the field's label (sim.ui.form_errors)
    "drill_form.field": ("{field}：{message}", "{field}: {message}"),
    "drill_form.empty": ("{field}不能为空", "{field} cannot be empty"),
    "drill_form.choose": ("请选择{field}", "Choose: {field}"),
    "drill_form.wrong_key": ("此链接已不能为{role}行动（角色已转交他人或链接已重发），请向导调索取新的参演链接",
                             "this link can no longer act for {role} (the role was handed on or its link renewed): "
                             "ask the facilitator for a new participant link"),
    "drill_form.too_long": ("{field}最长 {limit} 个字符，现为 {length} 个", "{field} takes at most {limit} characters; this is {length}"),
    # -- a console a room can follow: link sheet, projector, new messages, confirmations (sim.ui.drill_pages)
    "drill_page.sheet": ("下载参演链接单（可打印，A4）", "Download the link sheet (printable, A4)"),
    "drill_page.copy_hint": ("每个链接框右上角有复制按钮；手机扫描二维码即可打开。",
        "Each link box has a copy button at its top right; a phone opens a link by scanning its QR code."),
    "drill_page.projector_link": ("投影视图（在投影用的窗口中打开）", "Projector view (open it in the projector's window)"),
    "drill_page.countdowns": ("待办倒计时", "Countdown to each task"),
    "drill_page.time_left": ("剩余时间", "Time left"),
    "drill_page.left": ("剩余 {left}", "{left} left"),
    "drill_page.over": ("已超时 {left}", "overdue by {left}"),
    "drill_page.more_tasks": ("另有 {n} 项待办（时限较晚，未显示）", "+{n} more (later deadlines, not shown)"),
    "drill_page.no_countdowns": ("当前没有待办任务。", "No task is due right now."),
    "drill_page.new_mark": ("新", "New"),
    "drill_page.new_message": ("新消息：{text}", "New message: {text}"),
    "drill_page.new_count": ("收到 {n} 条新消息（以黄色标出）", "{n} new {n:message|messages}, marked in yellow"),
    "drill_page.feed": ("引擎所扮单位的行动", "What the engine-played units did"),
    "drill_page.feed_caption": ("无人扮演的单位由推演引擎按预案办理；最新的在上。",
        "Units nobody plays act as the plan says, played by the engine; newest first."),
    "drill_page.clock_help_title": ("时钟怎么用", "How the clock works"),
    "drill_page.clock_help": (
        "- **暂停**：时钟停住，参演人员仍可办理。\n"
        "- **实时运行**：情景时间与真实时间同速。\n"
        "- **加速运行**：按“倍速”运行，×60 即真实 1 分钟走情景 1 小时。\n"
        "- **单步**：走到推演中下一件事发生的时刻。\n"
        "- **前进**：最多前进所填小时数，但遇到任务的办结时限、新任务到期或情景通报下达时先停下，"
        "让参演人员有机会办理——不会一次越过时限。\n"
        "- **推进到结束**：直接到情景结束，用于收尾出报告。",
        "- **Pause**: the clock stands still; participants can still act.\n"
        "- **Run in real time**: scenario time runs as fast as real time.\n"
        "- **Run accelerated**: runs at the speed ×N; ×60 is an hour of scenario a minute.\n"
        "- **Single step**: to the moment the next thing happens in the incident.\n"
        "- **Advance**: at most the hours given, but it stops first at a task's deadline, when a new task "
        "falls due or an inject is delivered, so players get their chance to act — it never jumps a deadline.\n"
        "- **To the end**: straight to the end of the scenario, to close and write the report."),
    "drill_page.stopped_for_due": ("时钟停在 {clock}：新任务到期（{task}）。", "The clock stopped at {clock}: a new task falls due ({task})."),
    "drill_page.stopped_for_inject": ("时钟停在 {clock}：情景通报“{task}”下达。",
        "The clock stopped at {clock}: the inject “{task}” is delivered."),
    "drill_links.title": ("演练参演链接单：{drill}", "Participant links: {drill}"),
    "drill_links.played_by": ("参演人员：{person}", "Played by: {person}"),
    "drill_links.secret": ("链接含密钥，持有者即可以该单位身份行动：请逐一当面交给本人，演练后销毁本单。",
        "Each link carries a secret key: whoever holds it acts for the unit. Hand each to its player in person and "
        "destroy this sheet after the drill."),
    "drill_confirm.line": ("已记录：{what}（{person}，{clock}）", "Logged: {what} ({person}, {clock})"),
    "drill_confirm.by": ("{what}（{person}，{clock}）", "{what} ({person}, {clock})"),
    "drill_confirm.clock_to": ("时钟前进到 {clock}", "the clock moved on to {clock}"),
    "drill_confirm.paused": ("时钟暂停", "the clock paused"),
    "drill_confirm.running": ("时钟运行（{mode}）", "the clock runs ({mode})"),
    "drill_confirm.release": ("提前下达情景通报“{title}”", "released the inject “{title}” early"),
    "drill_confirm.inject": ("下达导调通报“{title}”", "sent the facilitator's inject “{title}”"),
    "drill_confirm.assign": ("{unit}交由 {person} 扮演", "{unit} handed to {person}"),
    "drill_confirm.unassign": ("{unit}交还推演引擎", "{unit} handed back to the engine"),
    "drill_confirm.rekey": ("为{unit}（{person}）重发参演链接", "a new link for {unit} ({person})"),
    "drill_confirm.archive": ("演练归档", "archived the drill"),
    "drill_confirm.restore": ("演练恢复", "restored the drill"),
    "drill_confirm.other": ("{kind}", "{kind}"),
    # -- the drill's papers on the drill pages (sim.ui.drill_papers)
    "drill_papers.script_caption": ("演练方案与演练脚本（主事件清单），由所选情景和预案生成。",
        "The drill plan and drill script (MSEL), made from the chosen scenario and its plan."),
    "drill_papers.drawn": ("本次抽取的事件：{facts}", "The incident drawn: {facts}"),
    "drill_papers.script_md": ("演练方案与脚本 Markdown", "Drill plan and script, Markdown"),
    "drill_papers.script_html": ("演练方案与脚本 可打印 HTML", "Drill plan and script, printable HTML"),
    "drill_papers.script_xlsx": ("演练脚本 XLSX", "Drill script, XLSX"),
    "drill_papers.edit_objectives": ("编辑演练目标", "Edit the objectives"),
    "drill_papers.share": ("参演人员可见目标达成情况", "Participants see the objectives' progress"),
    "drill_papers.carried": ("承接原演练改进项 #{id}", "carried on from item #{id}"),
    "drill_papers.shared_on": ("参演人员现在可见目标达成情况", "participants now see the objectives' progress"),
    "drill_papers.shared_off": ("参演人员现在看不到目标达成情况", "participants no longer see the objectives' progress"),
    "drill_papers.col_zh": ("目标（中文）", "Objective (Chinese)"),
    "drill_papers.col_en": ("目标（英文）", "Objective (English)"),
    "drill_papers.objective_box": ("第 {n} 行的{box}", "{box} of row {n}"),
    "drill_papers.col_actions": ("关联的行动", "Actions it is judged on"),
    "drill_papers.col_units": ("限定单位（留空为全部）", "Only units (empty: all)"),
    "drill_papers.any": ("留空为全部", "empty: all"),
    "drill_papers.pick_actions": ("至少选择一种行动", "pick at least one kind of action"),
    "drill_papers.save_objectives": ("保存目标", "Save the objectives"),
    "drill_papers.saved_objectives": ("已保存 {n} 个目标", "{n} {n:objective|objectives} saved"),
    "drill_papers.improvements": ("改进计划", "Improvement plan"),
    "drill_papers.file": ("将发现的问题登记为改进项", "File the findings as improvement items"),
    "drill_papers.filed": ("本演练共有 {n} 个改进项", "This drill has {n} improvement {n:item|items}"),
    "drill_papers.draft": ("在假设分析页起草预案修订", "Draft a plan revision on the What-if page"),
    "drill_papers.update": ("更新", "Update"),
    "drill_papers.updated": ("改进项 #{id} 已更新", "Item #{id} updated"),
    "drill_papers.earlier": ("往次同情景演练的改进项", "Earlier drills' items on this scenario"),
    "drill_papers.fork": ("从某一时刻重演", "Restart from a moment"),
    "drill_papers.fork_caption": ("新演练使用相同随机种子和截至该时刻的全部记录，之后的决策可以不同。",
        "The new drill has the same seed and the log up to that moment; only later decisions differ."),
    "drill_papers.fork_at": ("时刻（月-日 时:分）", "Moment (MM-DD HH:MM)"),
    "drill_papers.fork_name": ("新演练名称（可留空）", "New drill's name (optional)"),
    "drill_papers.fork_go": ("重演", "Fork"),
    "drill_papers.whatif_banner": ("针对改进项 #{id}（条款 {clause}）起草预案修订：{action}",
        "Drafting a plan revision for improvement item #{id} (clause {clause}): {action}"),
    "drill_papers.no_item": ("没有编号为 {item} 的改进项，请检查链接。", "There is no improvement item {item}: check the link."),
    "drill_papers.item_found": ("发现：{finding}", "Found: {finding}"),
    "drill_papers.whatif_found": ("演练“{drill}”发现：{finding}", "Drill “{drill}” found: {finding}"),
    # -- what to do about each kind of drill deviation (sim.drills.evaluate)
    "drill_advice.late": ("按预案规定时限办理", "act within the plan's time for each step"),
    "drill_advice.missed": ("补齐遗漏的职责和环节，演练前熟悉本单位职责清单",
        "cover every duty and step; know the unit's duty list before the next exercise"),
    "drill_advice.undecided": ("对预案交由本单位决定的事项，在时限内作出决定：采取，或决定不采取",
        "decide in time on what the plan leaves to the unit: take it, or decline it"),
    "drill_advice.skipped": ("逐级报告、按环节顺序办理，不越过上一环节", "pass reports and warning steps hop by hop, in order"),
    "drill_advice.wrong_level": ("按预案的分级标准初判，启动与之对应的响应级别，避免响应不足或过度",
        "classify by the severity criteria and declare the matching level, neither under nor over"),
    "drill_advice.premature_end": ("终止前逐条核对全部终止条件", "check every termination condition before ending the response"),
    "drill_advice.priority": ("优先恢复重要电力用户和重点地区", "restore key users and key areas first"),
    "drill_advice.not_required": ("依据触发条件开展工作，避免无依据行动", "act on each duty's trigger, not before it"),
    # -- what the evaluation says of each expected action and deviation (sim.drills.evaluate)
    "drill_finding.and_more": ("{text}（另有 {more} 处）", "{text} (and {more} more)"),
    "drill_finding.no_means": ("职责“{duty}”需要{what}，但情景中没有足够的{what}，按预案本身也无法开展",
        "the duty “{duty}” needs {what}, and the scenario has not enough of it: even the plan's own run could not "
        "carry it out"),
    "drill_finding.no_means_advice": ("为该职责配备{what}，或在预案中写明替代手段和调用渠道",
        "provide {what} for this duty, or name a substitute and where to request it in the plan"),
    "drill_finding.deadline": ("条款 {clause} 的 {n} 项行动（{units}）无一在时限内完成，最早自 {due} 起应办",
        "none of the {n} {n:action|actions} of clause {clause} ({units}) was done in time; the first was due from {due}"),
    "drill_finding.deadline_advice": ("复核条款 {clause} 规定的时限是否可行，必要时修订预案",
        "check whether the time limit of clause {clause} can be met; revise the plan if not"),
    "drill_finding.deadline_assumed": ("依假设设定时限（预案未规定时限）的 {n} 项行动（{units}）无一在时限内完成，最早自 {due} 起应办",
        "none of the {n} {n:action|actions} whose time limit is an assumption (the plan sets none) ({units}) was done in time; "
        "the first was due from {due}"),
    "drill_finding.deadline_assumed_advice": ("复核所假设的时限是否可行：在预案中写明时限，或修改该假设",
        "check whether the assumed time limit can be met: state a limit in the plan, or change the assumption"),
    "drill_finding.held_up": ("“{step}”未实施，其后 {n} 个步骤随之停滞：预案未规定由谁补位，条款无法照原文执行",
        "“{step}” was not carried out and the {n} {n:step|steps} after it stopped with it: the plan names nobody to carry "
        "on, so the clause cannot be carried out as written"),
    "drill_finding.held_up_advice": ("在预案中明确该步骤的补位单位或可并行开展的后续步骤",
        "name in the plan who carries on when this step is not done, or which later steps may go ahead"),
    "drill_eval.kind_level": ("{kind}：{level}", "{kind}: {level}"),
    "drill_eval.below_every_level": ("未达分级标准", "below every level"),
    "drill_eval.late": ("{who}“{label}”于 {at} 完成，应在 {due} 前，晚 {late}", "{who}: “{label}” at {at}, due by {due}, {late} late"),
    "drill_eval.missed": ("{who}：{what}（自 {due} 起应办）", "{who}: {what} (due from {due})"),
    "drill_eval.handed_back": ("{who}：“{label}”未办理，直至 {back} 角色交还推演引擎（自 {due} 起应办）",
        "{who}: “{label}” not done until the role was handed back to the engine at {back} (due from {due})"),
    "drill_eval.duty_not_started": ("职责“{label}”始终未开展", "the duty “{label}” was never started"),
    "drill_eval.step_not_done": ("未实施“{label}”", "“{label}” was never carried out"),
    "drill_eval.not_reported": ("未报告“{label}”", "never reported: “{label}”"),
    "drill_eval.not_done": ("未办理“{label}”", "never done: “{label}”"),
    "drill_eval.declined": ("已决定不采取——预案将此交由本单位决定（{clause}），不计为未办",
        "declined — the plan leaves this to the unit ({clause}); not a miss"),
    "drill_eval.declined_late_note": ("已决定不采取，但晚 {late}——预案将此交由本单位决定（{clause}），不计为未办",
        "declined, {late} late — the plan leaves this to the unit ({clause}); not a miss"),
    "drill_eval.kept_level": ("保持响应级别未下调——预案将调整响应级别交由本单位视情况决定（{clause}），不计为未办；预案推演：{at} {run}",
        "kept the level in force — the plan leaves adjusting it to the unit's judgement ({clause}); not a miss; the plan's own run: {run} at {at}"),
    "drill_eval.kept_level_unraised": ("保持响应级别未上调——预案将调整响应级别交由本单位视情况决定（{clause}），不计为未办；预案推演：{at} {run}",
        "kept the level in force without raising it — the plan leaves adjusting it to the unit's judgement ({clause}); not a miss; the plan's own run: {run} at {at}"),
    "drill_eval.declined_late": ("{who}于 {at} 才决定不采取“{label}”，应在 {due} 前作出决定，晚 {late}",
        "{who} declined “{label}” only at {at}; the decision was due by {due}, {late} late"),
    "drill_eval.undecided": ("未就“{label}”作出决定：预案的答案是采取，也允许本单位决定不采取，但须作出决定",
        "no decision on “{label}”: the plan's answer is to take it, and it lets the unit decline it, but not leave it undecided"),
    "drill_eval.turn_never_came": ("前一步“{before}”未实施，本步始终未轮到",
        "its turn never came, as the step before it, “{before}”, was never carried out"),
    "drill_eval.held_up": ("{who}：未实施“{label}”（前一步“{before}”未实施）",
        "{who}: “{label}” was never carried out (held up by “{before}”)"),
    "drill_eval.report_early": ("{who}在收到报告之前（{done}）就“{label}”，越过了上一报告环节；报告 {arrived} 才送达",
        "{who} sent “{label}” at {done}, before the report reached it ({arrived}): a hop of the chain was skipped"),
    "drill_eval.step_early": ("{who}在上一环节完成之前（{done}）就办理“{label}”，应在 {after} 之后",
        "{who} did “{label}” at {done}, before the previous step was done ({after})"),
    "drill_eval.never_declared": ("未启动应急响应", "the response was never declared"),
    "drill_eval.declared_early": ("{who}在报告送达之前（{at}）就启动了响应", "{who} declared the response at {at}, before the report reached it"),
    "drill_eval.wrong_level": ("{who}于 {at} 确定为{got}，而事件初判为{severity}，应为{want}",
        "{who} set {got} at {at} while the incident was classified {severity}: {want} was due"),
    "drill_eval.never_adjusted": ("未将响应调整为{level}", "the response was never adjusted to {level}"),
    "drill_eval.premature_end": ("{who}于 {at} 终止响应，但以下条件尚未满足：{conditions}",
        "{who} ended the response at {at} while these conditions did not hold: {conditions}"),
    "drill_eval.never_ended": ("终止条件均已满足但未终止响应", "every termination condition held but the response was not ended"),
    "drill_eval.priority": ("{who}先派队抢修{sent}，而优先级更高的{waited}仍在等待",
        "{who} sent a crew to {sent} while {waited}, higher in priority, waited"),
    "drill_eval.dispatch": ("派队抢修{element}", "Dispatch a crew to {element}"),
    "drill_eval.not_dispatched": ("未派队抢修{element}", "no crew was sent to {element}"),
    "drill_eval.not_reached": ("按预案应在 {at} 办理；本次演练未到达这一环节", "the plan's run has it at {at}; this drill never got there"),
    "drill_eval.report_never_received": ("{who}于 {at}“{label}”，但报告从未送达本单位，越过了上一报告环节",
        "{who} sent “{label}” at {at}, but the report never reached it: a hop of the chain was skipped"),
    "drill_eval.not_required": ("{who}于 {at}“{label}”，此时预案并无此要求", "{who}: “{label}” at {at}, which the plan did not call for then"),
    "drill_eval.all_on_time": ("{who}：{n} 项全部按预案及时完成", "{who}: {n} of {n} {n:action|actions} on time, as the plan asks"),
    "drill_eval.some_on_time": ("{who}：{n}/{count} 项按时完成", "{who}: {n} of {count} {count:action|actions} on time"),
    "drill_eval.advice": ("{who}：{advice}{cite}，本次 {n} 处", "{who}: {advice}{cite}; {n} this time"),
    # -- a drill's evaluation report
    "drill_report.title": ("演练处置评估报告", "Exercise evaluation report"),
    "drill_report.overview": ("一、基本概要", "1. Overview"),
    "drill_report.name": ("演练名称", "Drill"),
    "drill_report.plan": ("预案", "Plan"),
    "drill_report.clock_value": ("{now}（情景结束 {end}）", "{now} (the scenario ends {end})"),
    "drill_report.running": ("进行中（评估截至当前时钟）", "in progress (evaluated up to the clock)"),
    "drill_report.players": ("参演人员", "Participants"),
    "drill_report.played": ("参演时段", "Played"),
    "drill_report.person": ("人员", "Person"),
    "drill_report.objectives_met": ("目标达成", "Objectives met"),
    "drill_report.findings_count": ("发现的问题", "Findings"),
    "drill_report.forked_from": ("重演自", "Forked from"),
    "drill_report.forked_value": ("“{name}”的 {clock}", "“{name}” at {clock}"),
    "drill_report.by_objective": ("二、按目标评定", "2. Objectives rated"),
    "drill_report.met": ("达成情况", "Met"),
    "drill_report.rating": ("评定等级", "Rating"),
    "drill_report.by_unit": ("三、按单位得分", "3. Scores by unit"),
    "drill_report.scored": ("计分项", "Scored actions"),
    "drill_report.points": ("得分", "Points"),
    "drill_report.outcome": ("四、处置结果与预案推演对照", "4. Outcome beside the plan's own run"),
    "drill_report.item": ("项目", "Item"),
    "drill_report.drill": ("本次演练", "This drill"),
    "drill_report.key": ("按预案", "By the plan"),
    "drill_report.max_level": ("最高响应级别", "Highest level"),
    "drill_report.findings": ("五、发现的问题", "5. Findings"),
    "drill_report.grade": ("等级", "Grade"),
    "drill_report.attribution": ("归因", "Attributed to"),
    "drill_report.lessons": ("六、经验教训", "6. Lessons"),
    "drill_report.lesson": ("目标“{objective}”：{rating}（{met}）", "Objective “{objective}”: {rating} ({met})"),
    "drill_report.recommendations": ("七、工作建议", "7. Recommendations"),
    "drill_report.plan_advice": ("预案条款 {clause}：{what}", "Plan, {clause}: {what}"),
    "drill_report.assumed_advice": ("预案未作规定、依假设之处：{what}", "Where the plan is silent and an assumption stands in: {what}"),
    "drill_report.improvement_plan": ("八、改进计划", "8. Improvement plan"),
    "drill_report.earlier": ("往次演练改进项跟踪", "Earlier drills' improvement items"),
    "drill_report.comparison": ("与原演练对照（自 {clock} 重演）", "Beside the original drill (forked at {clock})"),
    "drill_report.original": ("原演练", "Original"),
    "drill_report.fork": ("本次重演", "This fork"),
    "drill_report.deviations": ("偏差数", "Deviations"),
    "drill_report.timeline": ("九、事件经过", "9. Timeline"),
    "drill_report.who": ("单位/人员", "Unit / person"),
    "drill_report.expected": ("十、预案要求的行动", "10. Actions the plan expected"),
    "drill_report.done": ("办理时间", "Done"),
    "drill_report.status": ("结果", "Status"),
    "drill_report.plan_run": ("预案推演：{what}", "the plan's own run: {what}"),
    "drill_report.plan_run_none": ("预案推演：未作此决定", "the plan's own run: no such decision"),
    # -- how an expected drill action was judged
    "drill_status.on_time": ("按时", "on time"),
    "drill_status.late": ("迟办", "late"),
    "drill_status.out_of_order": ("越级/顺序错误", "out of order"),
    "drill_status.wrong": ("级别不符", "wrong level"),
    "drill_status.premature": ("提前终止", "premature"),
    "drill_status.missed": ("未办", "missed"),
    "drill_status.open": ("待办", "open"),
    "drill_status.not_reached": ("未到达", "not reached"),
    "drill_status.declined": ("决定不采取", "declined"),
    # -- forking a drill (sim.drills.fork)
    "drill_fork.name": ("{name}（{replayed}）", "{name} ({replayed})"),
    "drill_fork.replayed": ("自 {clock} 重演", "replayed from {clock}"),
    "drill_fork.outside": ("只能从已演练过的时刻（{start} 至 {now}）重演，而不是 {at}",
        "a drill forks at a moment it has played ({start} to {now}), not at {at}"),
    # -- the improvement plan (sim.drills.improvement)
    "drill_improvement_status.open": ("待整改", "open"),
    "drill_improvement_status.in_progress": ("整改中", "in progress"),
    "drill_improvement_status.closed": ("已完成", "closed"),
    "drill_improvement.bad_status": ("状态 {status} 无效（可用：{statuses}）", "no status {status} (statuses: {statuses})"),
    "drill_improvement.bad_due": ("完成期限应写作 YYYY-MM-DD，而不是 {due}", "a due date is written YYYY-MM-DD, not {due}"),
    "drill_improvement.no_such_due": ("没有这个日期：{due}", "no such date: {due}"),
    "drill_improvement.due_before": ("完成期限 {due} 早于演练举行之日 {held}", "the due date {due} is before the drill was held, {held}"),
    "drill_improvement.unknown": ("没有编号为 {id} 的改进项", "no improvement item {id}"),
    # -- the four-grade rating of a drill objective (sim.drills.objectives.rating)
    "drill_rating.P": ("P 完全达成（无明显问题）", "P performed without challenges"),
    "drill_rating.S": ("S 基本达成（存在一些问题）", "S performed with some challenges"),
    "drill_rating.M": ("M 部分达成（存在重大问题）", "M performed with major challenges"),
    "drill_rating.U": ("U 未能达成", "U unable to be performed"),
    "drill_rating.none": ("未评定（没有要计分的事项）", "not rated (nothing to score)"),
    "drill_rating.scale": ("评定等级按目标得分率（迟办计半分）：P ≥ 90 %，S ≥ 70 %，M ≥ 40 %，U < 40 %。",
        "Each objective is rated by its score (late counts half): P ≥ 90 %, S ≥ 70 %, M ≥ 40 %, U < 40 %."),
    # -- findings of a drill evaluation (sim.drills.findings)
    "drill_grade.deficiency": ("不足项", "deficiency"),
    "drill_grade.rectify": ("整改项", "item to rectify"),
    "drill_grade.improve": ("改进项", "item to improve"),
    "drill_attribution.plan": ("预案", "the plan"),
    "drill_attribution.players": ("参演人员", "the players"),
    # -- a drill's objectives (sim.drills.objectives): the defaults, and the facilitator's edits
    "drill_objective.warning": ("检验预警的发布与解除", "Test issuing and lifting the warning"),
    "drill_objective.reporting": ("检验信息报告的时效", "Test that reports are passed on in time"),
    "drill_objective.command": ("检验应急响应的启动、调整、终止及报请上级", "Test declaring, adjusting and ending the response, and asking the higher government"),
    "drill_objective.restoration": ("检验抢修队伍的调派", "Test sending the repair crews"),
    "drill_objective.duties": ("检验各单位职责和处置步骤的落实", "Test that every unit carries out its duties and steps"),
    "drill_objective.met": ("{met} / {due} 项达成", "{met} / {due} met"),
    "drill_objective.twice": ("目标编号 {key} 重复", "the key {key} is used twice"),
    "drill_objective.no_text": ("目标 {key} 没有内容", "objective {key} has no text"),
    "drill_objective.no_actions": ("目标“{name}”未关联任何行动：请至少选择一种行动",
        "objective “{name}” is tied to no kind of action: pick at least one"),
    "drill_objective.unknown_kind": ("未知的行动类型 {kind}（可用：{kinds}）", "unknown action kind {kind} (kinds: {kinds})"),
    "drill_objective.unknown_unit": ("{unit} 不是本演练预案中的单位", "{unit} is not a unit of the drill's plan"),
    # -- the drill script as a spreadsheet, and reading it back (sim.drills.msel_xlsx)
    "msel.sheet": ("演练脚本", "MSEL"),
    "msel.column.no": ("序号", "No."),
    "msel.column.inject": ("事件编号", "Inject id"),
    "msel.column.sender": ("发送方", "Sender"),
    "msel.column.to": ("接收单位", "Receiving units"),
    "msel.column.delivery": ("方式", "Delivery"),
    "msel.column.content_zh": ("内容", "Content in Chinese"),
    "msel.column.content_en": ("英文内容", "Content in English"),
    "msel.column.details": ("详情", "Details"),
    "msel.column.expected_by": ("预期行动单位", "Expected of"),
    "msel.column.expected": ("预期行动", "Expected action"),
    "msel.column.objective": ("检验目标", "Objective tested"),
    "msel.not_a_workbook": ("不是 XLSX 工作簿，或工作簿已损坏；请在 Excel 或 WPS 中另存为 .xlsx 后再导入",
        "not an XLSX workbook, or a damaged one; save it as .xlsx from Excel or WPS and import it again"),
    "msel.empty": ("工作表为空", "the sheet is empty"),
    "msel.directory": ("这是一个目录，应为 XLSX 工作簿", "is a directory, expected an XLSX workbook"),
    "msel.not_regular": ("不是普通文件（而是管道、设备或套接字）；请给出 XLSX 工作簿",
        "not a regular file (a pipe, a device or a socket); give an XLSX workbook"),
    "msel.no_field": ("没有字段 {field}（可映射的字段：{fields}）", "no field {field} (fields: {fields})"),
    "msel.no_column": ("第 1 行没有“{header}”列（可用 --column {field}=表头 指定）",
        "no column {header} in row 1 (map one with --column {field}=HEADER)"),
    "msel.no_inject_id": ("缺少事件编号", "no inject id"),
    "msel.outside": ("时间须在情景开始（{start}）与结束（{end}）之间，而此处为 {at}",
        "the time must fall within the scenario (from {start} to {end}), not {at}"),
    "msel.bad_id": ("新事件的编号 {inject} 只能由字母、数字和 _ . - 组成，且以字母或数字开头",
        "a new inject's id {inject} is letters, digits and _ . -, beginning with a letter or digit"),
    "msel.unknown_unit": ("预案中没有单位 {unit}（接收单位写单位名称，多个以“、”分隔）",
        "the plan has no unit {unit} (receiving units are written by name, separated by “、” or commas)"),
    "msel.empty_content": ("内容不能为空", "the content is empty"),
    "msel.disagree": ("与第 {first} 行的同一事件 {inject} 不一致；同一事件的各行须一致",
        "inject {inject} differs from its row {first}; the rows of one inject must agree"),
    "msel.template": ("模板情景的每次演练都按 template: 抽取事件，不使用文件中的 injects；演练脚本不能写回模板情景，"
        "请改在一个普通情景（没有 template: 的情景文件）中编辑注入",
        "every drill of a template scenario draws its incident by template: and never plays the file's injects, "
        "so a drill script cannot be written back into it; edit the injects of an ordinary scenario (one without template:)"),
    # -- the drill plan (演练方案) and drill script (演练脚本, MSEL) of a scenario (sim.drills.script)
    "drill_script.plan_title": ("演练方案", "Drill plan"),
    "drill_script.script_title": ("演练脚本（主事件清单）", "Drill script (Master Scenario Events List)"),
    "drill_script.overview": ("演练概况", "The exercise"),
    "drill_script.description": ("情景说明", "Story"),
    "drill_script.plan": ("依据预案", "Plan"),
    "drill_script.area": ("区域", "Area"),
    "drill_script.end": ("情景结束", "Scenario end"),
    "drill_script.length": ("演练时长", "Length"),
    "drill_script.tied": ("关联的预期行动", "Expected actions tied to it"),
    "drill_script.units": ("参演单位及任务", "Participating units and their tasks"),
    "drill_script.count": ("预期行动数", "Expected actions"),
    "drill_script.tasks": ("任务（依据预案）", "Tasks (from the plan)"),
    "drill_script.roles": ("角色分工", "Roles"),
    "drill_script.person": ("参演人员（填写）", "Played by (fill in)"),
    "drill_script.may": ("可采取的行动", "Actions it may take"),
    "drill_script.schedule": ("日程安排", "Schedule"),
    "drill_script.briefing": ("演练前：导调组向参演人员说明规则、发放角色链接", "Before: control briefs the players and hands out the role links"),
    "drill_script.begin": ("演练开始，情景时钟启动", "The exercise begins; the scenario clock starts"),
    "drill_script.finish": ("情景结束，演练停止；撰写处置评估报告", "The scenario ends and play stops; the evaluation report is written"),
    "drill_script.inject": ("下达情景：{title}", "Inject: {title}"),
    "drill_script.msel": ("演练脚本", "Drill script"),
    "drill_script.content": ("内容", "Content"),
    "drill_script.task": ("{task}（{clause}）", "{task} ({clause})"),
    "drill_script.may_decline": ("{task}（本单位也可决定不采取）", "{task} (the unit may also decline it)"),
    "drill_script.control": ("导调组", "Exercise control"),
    "drill_script.desk": ("演练系统推送至参演席位", "Pushed to the players' desks"),
}


def other_language(language: str) -> str:
    """The language shown beside ``language``: English beside Chinese, Chinese beside anything else."""
    return "en" if language == "zh" else "zh"


def wide(char: str) -> bool:
    """Whether ``char`` is drawn an em wide, two terminal columns (Chinese, full-width
    punctuation): what every face that lays text out counts by."""
    return unicodedata.east_asian_width(char) in "WF"


def with_unit(number: str, unit: str, language: str) -> str:
    """A number and its unit (both already written) as ``language`` writes them: a space between
    them in English always, and in Chinese before a unit of Latin letters or signs (``20000 MW``,
    ``47.7 %``, ``50 mm``), none before a Chinese one (``2起``, ``3户``); no unit, the number alone.
    Every face that writes a figure, a threshold or a score with its unit joins them here (a
    length of time is :func:`sim.clock.duration`'s to write)."""
    if not unit:
        return number
    return f"{number}{unit}" if language == "zh" and wide(unit[0]) else f"{number} {unit}"


def shortened(words: str, width: int) -> str:
    """``words`` cut to ``width`` in the width of Latin letters (a :func:`wide` character counts
    two, so either language keeps as much to read), ending on a whole word and "…": a label or a
    notice that points at a text shown whole elsewhere, never ending inside a word."""
    taken = 0
    for i, char in enumerate(words):
        taken += 2 if wide(char) else 1
        if taken > width:
            cut = words[:i]
            space = cut.rfind(" ")
            return (cut[:space] if space > len(cut) - 16 else cut).rstrip(" ,;，、") + "…"
    return words


def pick(value: Any, language: str) -> str:
    """One language of a bilingual text, for every face: a ``{zh, en}`` mapping, a model with
    both (a plan's ``Text``) or a :class:`Message`, in ``language`` — or in the other language
    where that one is missing, so a name given in one language still reads as that name, never
    as nothing; plain text as it is; no text as ``""``."""
    if value is None:
        return ""
    if isinstance(value, Message):
        return value.in_language(language)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return value.get(language) or value.get(other_language(language)) or ""
    return getattr(value, language, None) or getattr(value, other_language(language), None) or ""


def shown(value: Any, language: str, separator: str = SEPARATOR) -> str:
    """A bilingual text as a reader who chose ``language`` reads it: one language as
    :func:`pick` reads it, or, for a reader who chose both, Chinese, ``separator``, English
    (once where the two read the same). Every face that may show both languages on one line
    goes through here."""
    if language in LANGUAGES:
        return pick(value, language)
    return _join(pick(value, "zh"), pick(value, "en"), separator)


def read_in(language: str) -> tuple[str, ...]:
    """The languages a reader who chose ``language`` reads, in the order shown: that one, or
    both, Chinese first (for a face that puts each language on its own line)."""
    return (language,) if language in LANGUAGES else LANGUAGES


def bilingual(value: Any) -> dict[str, str]:
    """A bilingual text (a plan's ``Text``, a :class:`Message`, a ``{zh, en}`` mapping) as a
    plain ``{zh, en}`` dict, each language as :func:`pick` reads it: what results, findings
    and JSON carry, so that a report rendered later, in either language, can read it."""
    return {language: pick(value, language) for language in LANGUAGES}


def text(key: str, language: str, **fmt: Any) -> str:
    """The entry ``key`` in ``language`` (``zh``, ``en``, or ``both``), its placeholders filled."""
    zh, en = MESSAGES[key]
    if language == BOTH:
        return _join(_fill(zh, fmt), _fill(en, fmt))
    return _fill(zh if language == "zh" else en, fmt)


def own(prefix: str, key: str, language: str, **fmt: Any) -> str:
    """A face's label ``key``: its own entry under ``prefix`` (``"report."``), or, where
    ``key`` is a whole key (``"common.clause"``), that entry: a word several faces show
    for one concept stands once in the catalogue, and each face names it by its key."""
    return text(key if "." in key else prefix + key, language, **fmt)


def section(prefix: str) -> dict[str, tuple[str, str]]:
    """The entries under ``prefix`` (``"report."``), keyed without it: a module's own table."""
    return {key[len(prefix):]: pair for key, pair in MESSAGES.items() if key.startswith(prefix)}


class Message(str):
    """A catalogue entry with its values filled in, in both languages.

    It *is* its English text (so code that compares, sorts or logs messages keeps
    working), and :meth:`in_language` gives the text a reader chose. Values that are
    themselves messages are rendered in the same language.
    """

    key: str
    values: Mapping[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Message:
        zh, en = MESSAGES[key]  # an unknown key fails here, where it is written
        self = super().__new__(cls, _fill(en, _in(values, "en")))
        self.key, self.values = key, values
        return self

    @property
    def zh(self) -> str:
        return self.in_language("zh")

    @property
    def en(self) -> str:
        return str.__str__(self)

    def in_language(self, language: str) -> str:
        if language == BOTH:
            return _join(self.zh, self.en)
        zh, en = MESSAGES[self.key]
        return _fill(zh if language == "zh" else en, _in(self.values, language))

    def __reduce__(self):  # pickled into worker processes and caches with its values
        return (_rebuild, (self.key, dict(self.values)))


def said(key: str, **values: Any) -> dict[str, str]:
    """The entry ``key`` with ``values`` as a ``{zh, en}`` text (each language filled with
    the values' texts in that language), for results that carry both languages to a
    report rendered later in one."""
    message = Message(key, **values)
    return {"zh": message.zh, "en": message.en}


def _rebuild(key: str, values: dict) -> Message:
    return Message(key, **values)


def render(message: Any, language: str) -> str:
    """Any message (a :class:`Message`, a ``{zh, en}`` mapping or plain text) in ``language``."""
    if isinstance(message, Message):
        return message.in_language(language)
    if isinstance(message, Mapping) and {"zh", "en"} <= message.keys():
        return shown(message, language)
    return str(message)


def _in(values: Mapping[str, Any], language: str) -> dict[str, Any]:
    return {k: render(v, language) if isinstance(v, (Message, Mapping)) else v for k, v in values.items()}


def _fill(template: str, values: Mapping[str, Any]) -> str:
    return filled(template, values) if values else template


class _Agreeing(string.Formatter):
    """:meth:`str.format` with one more format, ``{n:one|many}``: ``one`` when ``n`` is 1 (a
    number, or a count already written as ``"1"``), ``many`` otherwise (0, 2, 1.5), as English
    counts."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, many = format_spec.partition("|")
            return one if value == 1 or value == "1" else many
        return super().format_field(value, format_spec)


_AGREEING = _Agreeing()


def filled(template: str, values: Mapping[str, Any]) -> str:
    """A catalogue ``template`` with its placeholders filled from ``values`` (a mapping; one
    that answers missing keys itself is asked for them), its words agreeing with their counts
    (``{n:file|files}``). Every text of the catalogue is filled here. A template without a
    count's bar takes :meth:`str.format`'s own path, ten times faster than the formatter's."""
    if "|" in template:
        return _AGREEING.vformat(template, (), values)
    return template.format_map(values)


def listed(texts, separator: str = "common.list_sep") -> dict[str, str]:
    """``{zh, en}`` texts (mappings, or models with both) as one list in each language, joined
    by the catalogue's ``separator``: ``县人民政府、县应急管理局`` and
    ``County Government, County Emergency Management Bureau`` (a list of names that hold
    commas themselves as :func:`joined` writes it)."""
    texts = list(texts)
    return {language: joined((pick(t, language) for t in texts), language, separator) for language in LANGUAGES}


def within_aside(value: Any) -> dict[str, str]:
    """A name (``{zh, en}``) as it reads where a text puts it in an aside, in both languages:
    an aside of its own (``common.aside``) is joined as ``common.aside_within`` says instead —
    "Burning crop straw (Xidoupu farmland, outside the control zones)", not brackets in
    brackets; the Chinese as it is written."""
    out = {}
    for language in LANGUAGES:
        opening, closing = text("common.aside", language, text="\0").split("\0")
        inner = text("common.aside_within", language, text="\0")
        words, start = pick(value, language), 0
        while (at := words.find(opening, start)) >= 0 and (end := words.find(closing, at + len(opening))) >= 0:
            joined_aside = inner.replace("\0", words[at + len(opening):end])
            words = words[:at] + joined_aside + words[end + len(closing):]
            start = at + len(joined_aside)
        out[language] = words
    return out


def joined(items, language: str, separator: str = "common.list_sep") -> str:
    """``items`` (texts in ``language``) as one list, joined by the catalogue's list
    separator; where an item holds that separator's own mark (an English zone named
    "Baiyangou, Daqingshan National Nature Reserve"), by ``common.list_sep_held``
    instead ("; "), so the list cannot be read as more items than it has. Every face
    writes a list of names through this one function."""
    items = [str(item) for item in items]
    between = text(separator, language)
    if separator == "common.list_sep" and between.strip() and any(between.strip() in item for item in items):
        between = text("common.list_sep_held", language)
    return between.join(items)


def figure(value: float, language: str) -> str:
    """A number as people write it in ``language``, for every message that states one (a
    bound, a limit): never ``1e+06``. English groups thousands with commas (``1,000,000``,
    ``8,760``, ``0.05``); Chinese counts whole ten-thousands in 万 (``100万``, ``10万``), whole
    hundred-millions in 亿 and whole trillions in 万亿 (``10亿``, ``1万亿``), as Chinese readers
    count, and groups other numbers of five digits or more with commas (``12,345``; ``8760``
    as written). A reader of both reads the English form, which both read alike."""
    number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    if language == "zh" and abs(number) >= 10_000:
        for unit, name in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")):
            counted = number / unit
            if abs(counted) >= 1 and counted == counted.to_integral_value():
                return f"{_digits(counted, ',')}{name}"
    return _digits(number, "," if language != "zh" or abs(number) >= 10_000 else "")


def _digits(number: Decimal, grouping: str) -> str:
    """``number`` in plain digits, without trailing zeros after the point, thousands grouped by ``grouping``."""
    written = format(number, f"{grouping}f")
    return written.rstrip("0").rstrip(".") if "." in written else written


def typed(choices) -> dict[str, str]:
    """What a person may type, each as it is typed beside the name people read
    (``县人民政府（键入 county_government）``), in each language: for lists of valid values.
    ``choices`` are ``(typed, name)`` pairs; a name is ``{zh, en}`` or a model with both."""
    pairs = list(choices)

    def one(key: str, name, language: str) -> str:
        read = pick(name, language)
        if not read or read == key:
            return key
        return text("common.typed_as", language, name=read, id=key)

    return {language: text("common.clause_sep", language).join(one(key, name, language) for key, name in pairs)
            for language in LANGUAGES}


def _join(zh: str, en: str, separator: str = SEPARATOR) -> str:
    return zh if zh == en else f"{zh}{separator}{en}"
