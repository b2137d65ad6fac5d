"""Every label of the app in Chinese and English, and the one switch between them.

The language is a single sidebar radio whose value lives in ``st.session_state["lang"]``;
every page asks :func:`t` for its labels, so switching it relabels the whole app. Data
from the plans is already bilingual (``{zh, en}``): :func:`bi` and :func:`pair` show the
chosen language first and the other beside it, because users read Chinese first but
trainers and visitors may not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT = "zh"
STATE_KEY = "lang"

#: key -> (Chinese, English). Placeholders use str.format names.
STRINGS: dict[str, tuple[str, str]] = {
    # shell
    "app.title": ("推演 · 应急预案推演", "Tuiyan · emergency-plan simulator"),
    "app.caption": ("把应急预案写成带出处的规则，推演事件如何展开。",
                    "Emergency plans as cited rules; run incidents through them."),
    "lang.label": ("语言 Language", "Language 语言"),
    "nav.plans": ("预案", "Plans"),
    "nav.run": ("推演运行", "Run"),
    "nav.walk": ("逐步复盘", "Walk-through"),
    "nav.whatif": ("假设分析", "What-if"),
    "nav.bans": ("禁火查询", "Fire-ban check"),
    "nav.facilitator": ("演练导调", "Drill: facilitator"),
    "nav.participant": ("演练参演", "Drill: participant"),
    # common
    "common.clause": ("条款", "Clause"),
    "common.quote": ("原文", "Original text"),
    "common.assumption": ("假设", "Assumption"),
    "common.document": ("文件", "Document"),
    "common.source": ("出处", "Source"),
    "common.unit": ("单位", "Unit"),
    "common.units": ("单位", "Units"),
    "common.name": ("名称", "Name"),
    "common.id": ("编号", "Id"),
    "common.kind": ("类别", "Kind"),
    "common.text": ("内容", "Text"),
    "common.hours": ("时长（小时）", "Hours"),
    "common.time_h": ("时间（小时）", "Time (h)"),
    "common.none": ("无", "none"),
    "common.scenario": ("情景", "Scenario"),
    "common.seed": ("随机种子", "Seed"),
    "common.load_errors": ("以下文件无法加载：", "These files could not be loaded:"),
    "common.no_plans": ("plans/ 目录中还没有预案文件。", "There are no plan files in plans/ yet."),
    "common.no_scenarios": ("plans/scenarios/ 目录中还没有情景文件。", "There are no scenario files in plans/scenarios/ yet."),
    "common.level": ("级别", "Level"),
    "common.issuer": ("发布机关", "Issuer"),
    "common.number": ("文号", "Number"),
    "common.issued": ("发布日期", "Issued"),
    "common.effective": ("施行日期", "Effective"),
    # plans page
    "plans.title": ("预案", "Plans"),
    "plans.pick": ("选择预案", "Plan"),
    "plans.levels": ("事件分级", "Severity levels"),
    "plans.levels_chart": ("分级阈值区间", "Threshold bands"),
    "plans.criteria": ("判定条件", "Criteria"),
    "plans.bounds": ("边界含义", "How bounds read"),
    "plans.bounds_text": ("下限{lower}本数，上限{upper}本数。", "The lower bound {lower} the number itself; the upper bound {upper} it."),
    "plans.includes": ("含", "includes"),
    "plans.excludes": ("不含", "excludes"),
    "plans.response": ("应急响应", "Response levels"),
    "plans.severity": ("对应事件级别", "Started by severity"),
    "plans.commanders": ("指挥", "Commanded by"),
    "plans.escalation": ("提请", "Escalation"),
    "plans.discretion": ("酌情启动", "Discretionary response"),
    "plans.adjustment": ("响应调整", "Adjusting the response"),
    "plans.decided_by": ("决定单位", "Decided by"),
    "plans.adjusted_by": ("调整级别由", "Level adjusted by"),
    "plans.decided_by_level": ("各级别的指挥者（见上表）", "whoever acts at the level in force (see the table)"),
    "plans.command": ("指挥体系", "Command structure"),
    "plans.commander": ("总指挥", "Commander"),
    "plans.deputies": ("副总指挥", "Deputy commanders"),
    "plans.office": ("办公室", "Office"),
    "plans.hq_duties": ("指挥部职责", "Headquarters duties"),
    "plans.duties": ("成员单位及职责", "Member units and duties"),
    "plans.duty": ("职责", "Duty"),
    "plans.trigger": ("启动条件", "Trigger"),
    "plans.task": ("任务", "Task"),
    "plans.search_duties": ("搜索单位或职责", "Search units or duties"),
    "plans.n_duties": ("共 {n} 条职责", "{n} duties"),
    "plans.reporting": ("信息报告链", "Reporting chain"),
    "plans.hop": ("环节", "Hop"),
    "plans.from": ("报告单位", "From"),
    "plans.to": ("报送至", "To"),
    "plans.only_if": ("仅当", "Only if"),
    "plans.decision": ("决定启动响应", "Decision to respond"),
    "plans.warning": ("预警", "Warning"),
    "plans.warning_trigger": ("预警触发", "Warning trigger"),
    "plans.step": ("步骤", "Step"),
    "plans.notify": ("通报", "Notifies"),
    "plans.measures": ("响应措施", "Response measures"),
    "plans.actions": ("措施内容", "Actions"),
    "plans.requires": ("前提", "Requires"),
    "plans.county_actions": ("县级层面应对", "County-level actions"),
    "plans.termination": ("响应终止", "Termination"),
    "plans.after_action": ("后期处置", "After-action"),
    "plans.resources": ("保障资源", "Resources"),
    "plans.provided_by": ("提供单位", "Provided by"),
    "plans.metrics": ("指标", "Metrics"),
    "plans.metric_unit": ("单位", "Unit"),
    "plans.calendar": ("禁火日历", "Ban calendar"),
    "plans.year": ("年份", "Year"),
    "plans.periods": ("时段", "Periods"),
    "plans.dates": ("日期", "Dates"),
    "plans.annual": ("每年", "every year"),
    "plans.zones": ("区域", "Zones"),
    "plans.boundary": ("四至道路", "Boundary roads"),
    "plans.jurisdiction": ("辖区", "Jurisdiction"),
    "plans.rules": ("禁止规定", "Prohibitions"),
    "plans.area": ("范围", "Area"),
    "plans.buffer": ("及边缘{m:g}米内", "and within {m:g} m of their edge"),
    "plans.prohibited": ("禁止活动", "Prohibited activities"),
    "plans.penalties": ("处罚", "Penalties"),
    "plans.applies_when": ("适用情形", "Applies when"),
    "plans.legal_basis": ("法律依据", "Legal basis"),
    "plans.fine": ("罚款（元）", "Fine (yuan)"),
    "plans.requirements": ("其他要求", "Requirements"),
    "plans.contacts": ("联系电话", "Contacts"),
    "plans.phone": ("电话", "Phone"),
    "plans.purpose": ("用途", "Purpose"),
    "plans.enforcing": ("执法单位", "Enforcing units"),
    "plans.legal_bases": ("依据法规", "Legal bases"),
    "plans.activities": ("活动", "Activities"),
    "plans.covers": ("包括", "Covers"),
    "plans.no_zones": ("本通告不划定具体区域，规定适用于整个辖区。", "This notice names no zones; its rules hold in the whole jurisdiction."),
    # run page
    "run.title": ("推演运行", "Run a scenario"),
    "run.upload": ("上传修改后的预案（YAML，可选）", "Upload an edited plan (YAML, optional)"),
    "run.upload_ok": ("已使用上传的预案 {id} 替换原预案。", "Using the uploaded plan {id} in place of the shipped one."),
    "run.upload_bad": ("上传的预案有错误，本次运行使用原预案：", "The uploaded plan has errors; running on the shipped plans:"),
    "run.upload_unknown": ("上传的预案 {id} 不是本情景使用的预案，已忽略。", "The uploaded plan {id} is not one this scenario uses; it is ignored."),
    "run.button": ("运行", "Run"),
    "run.progress": ("推演中… {pct}%", "Simulating… {pct}%"),
    "run.done": ("推演完成。", "Simulation finished."),
    "run.summary": ("结果摘要", "Summary"),
    "run.load": ("减供负荷与停电用户", "Load shed and customers out"),
    "run.levels": ("事件级别与响应级别", "Severity and response level"),
    "run.gantt": ("单位任务（含排队）", "Unit tasks (with queueing)"),
    "run.fuel": ("重要用户备用燃料", "Key users' backup fuel"),
    "run.fire": ("火场面积", "Fire area"),
    "run.response_at": ("启动响应", "Response started"),
    "run.out_of_fuel": ("燃料耗尽的重要用户", "Key users out of fuel"),
    "run.queued": ("排队等待资源", "Queued for a resource"),
    "run.working": ("执行", "Working"),
    "run.fuel_h": ("剩余燃料（小时）", "Fuel left (h)"),
    "run.incidents": ("次生事件（火灾等）", "Secondary incidents (fires, …)"),
    "run.burned_ha": ("过火面积（公顷）", "Area burned (ha)"),
    "run.burning": ("正在燃烧的火场", "Fires burning"),
    "run.violations": ("违规用火", "Violations"),
    "run.caught": ("当场制止", "Stopped on the spot"),
    "run.fires_started": ("起火次数", "Fires started"),
    "run.fines": ("罚款（元）", "Fines (yuan)"),
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
    # event log columns
    "log.time": ("时间（小时）", "Time (h)"),
    "log.kind": ("事件", "Event"),
    "log.unit": ("单位", "Unit"),
    "log.text": ("说明", "Description"),
    "log.clause": ("条款", "Clause"),
    "log.quote": ("原文", "Original text"),
    "log.model": ("推演模型", "Simulation model"),
    # walk-through
    "walk.title": ("逐步复盘", "Walk-through"),
    "walk.prev": ("上一步", "Previous"),
    "walk.next": ("下一步", "Next"),
    "walk.jump": ("跳到时间（小时）", "Jump to time (h)"),
    "walk.event": ("第 {i} / {n} 个事件，t = {t} 小时", "Event {i} of {n}, t = {t} h"),
    "walk.state": ("此刻状态", "State at this moment"),
    "walk.why": ("为什么发生", "Why it happened"),
    "walk.next_duties": ("各单位接下来应做的事（启动条件成立、尚未完成的职责）",
                         "What each unit should do next (duties whose trigger holds, not yet done)"),
    "walk.busy": ("正在执行任务的单位", "Units at work"),
    "walk.nobody_busy": ("此刻没有单位在执行任务。", "No unit is at work at this moment."),
    "walk.nothing_next": ("此刻没有待办职责。", "No duty is pending at this moment."),
    "walk.severity": ("事件级别", "Severity"),
    "walk.classification": ("当前分级", "Current classification"),
    "walk.response": ("响应级别", "Response level"),
    "walk.max_severity": ("最高事件级别", "Highest severity"),
    "walk.warning": ("预警", "Warning"),
    "walk.no_events": ("此次运行没有事件。", "This run logged no events."),
    "walk.event_slider": ("事件序号", "Event number"),
    "walk.load_shed": ("减供负荷", "Load shed"),
    "walk.customers_out": ("停电用户", "Customers out"),
    "walk.warning.none": ("未发布", "not issued"),
    "walk.warning.issued": ("已发布", "issued"),
    "walk.warning.lifted": ("已解除", "lifted"),
    "walk.on_backup": ("重要用户：备用电源 / 失电", "Key users: on backup / dark"),
    "walk.doing": ("状态", "State"),
    "walk.working": ("执行中", "working"),
    "walk.queued": ("排队等待资源", "queued for a resource"),
    "walk.pending": ("待开始", "not started"),
    "walk.repeating": ("周期性重复", "repeats periodically"),
    "walk.since": ("开始（小时）", "Since (h)"),
    "walk.until": ("至（小时）", "Until (h)"),
    "walk.by_assumption": ("此事件依据情景或模型的假设（文件未作规定），不对应预案条款。",
                           "This entry follows an assumption of the scenario or the model (the documents are silent), not a clause."),
    "walk.no_source": ("此事件不对应预案中的条款。", "This event has no clause in the plan."),
    # what-if
    "whatif.title": ("假设分析", "What-if"),
    "whatif.plan": ("要修改的预案", "Plan to edit"),
    "whatif.form": ("表单修改", "Edit with a form"),
    "whatif.yaml": ("YAML 编辑", "Edit the YAML"),
    "whatif.thresholds": ("分级阈值", "Thresholds"),
    "whatif.reporting": ("报告时限（小时）", "Reporting times (hours)"),
    "whatif.resources": ("资源数量", "Resources"),
    "whatif.buffers": ("区域边缘范围（米）", "Edge bands of zones (m)"),
    "whatif.fines": ("罚款幅度（元）", "Fine ranges (yuan)"),
    "whatif.apply": ("应用修改", "Apply"),
    "whatif.reset": ("恢复原预案", "Reset to the original"),
    "whatif.editor": ("预案 YAML", "Plan YAML"),
    "whatif.lint": ("修改后的预案可以加载，但检查发现以下问题（与 python -m sim lint 相同）：",
                    "The edited plan loads, but the checks of python -m sim lint find:"),
    "whatif.invalid": ("修改后的预案有错误：", "The edited plan has errors:"),
    "whatif.diff": ("与原预案的差异", "Difference from the original"),
    "whatif.no_diff": ("尚未修改。", "No changes yet."),
    "whatif.replications": ("配对重复次数", "Paired replications"),
    "whatif.first_seed": ("起始种子", "First seed"),
    "whatif.compare": ("运行并比较", "Run and compare"),
    "whatif.original": ("原预案", "Original"),
    "whatif.edited": ("修改后", "Edited"),
    "whatif.measure": ("指标", "Measure"),
    "whatif.changed": ("结果改变的重复", "Replications whose outcome changed"),
    "whatif.none_changed": ("所有重复的结果均未改变。", "No replication's outcome changed."),
    "whatif.download": ("下载修改后的预案", "Download the edited plan"),
    "whatif.scenario": ("比较所用情景", "Scenario to compare on"),
    "whatif.scenario_na": ("没有使用此预案的情景。", "No scenario uses this plan."),
    "whatif.max_level": ("最高响应级别", "Highest response level"),
    "whatif.hours_at": ("{level} 持续小时数", "Hours at {level}"),
    "whatif.level_changes": ("级别变更次数", "Level changes"),
    "whatif.termination_h": ("响应终止时间（小时）", "Time to termination (h)"),
    "whatif.unit_hours": ("单位工时", "Unit-hours"),
    "whatif.fires": ("火灾次数", "Fires"),
    "whatif.burned_ha": ("过火面积（公顷）", "Area burned (ha)"),
    "whatif.id_changed": ("修改后的预案编号 {new} 与原编号 {old} 不同；比较需要相同的编号。",
                          "The edited plan's id {new} differs from {old}; the comparison needs the same id."),
    "whatif.compare_title": ("配对比较", "Paired comparison"),
    "whatif.difference": ("差值（修改后 − 原预案）", "Difference (edited − original)"),
    "whatif.n_differ": ("结果不同的重复", "Replications that differ"),
    "whatif.interval": ("差值的 95% 置信区间（* 不含 0）", "95 % interval of the difference (* excludes 0)"),
    "whatif.means": ("{n} 次配对重复的均值", "Means over {n} paired replications"),
    "whatif.rank_note": ("最高响应级别按等级计：0 = 未启动响应，1 = 最低一级，数值越大级别越高；响应终止时间只计已终止的重复。"
                         "差值及其区间按同一种子的两次运行配对计算（t 分布，两次都有值的重复）。",
                         "The highest response level counts as a rank: 0 = no response, 1 = the lowest level, higher is more severe; "
                         "time to termination averages only the replications that terminated. The difference and its interval "
                         "pair the two runs of each seed (Student's t, over the replications where both have a value)."),
    "whatif.what_changed": ("改变的指标", "What changed"),
    "whatif.resource_resource": ("资源", "Resource"),
    # fire-ban check
    "bans.title": ("禁火查询", "Fire-ban check"),
    "bans.date": ("日期", "Date"),
    "bans.zone": ("地点（区域）", "Place (zone)"),
    "bans.outside": ("不在任何划定区域内", "Outside every named zone"),
    "bans.distance": ("距该区域边缘的距离（米，区域内为 0）", "Distance from the zone's edge (m, 0 inside)"),
    "bans.activity": ("活动", "Activity"),
    "bans.prohibited": ("禁止", "Prohibited"),
    "bans.allowed": ("未被禁止", "Not prohibited"),
    "bans.why": ("依据", "Why"),
    "bans.requirements": ("同时适用的要求", "Requirements that also apply"),
    "bans.penalties": ("处罚", "Penalties"),
    "bans.contacts": ("联系", "Whom to call"),
    "bans.enforcing": ("执法单位", "Enforcing units"),
    "bans.elsewhere": ("当天在其他地点禁止", "Prohibited on this day elsewhere"),
    "bans.periods": ("当天有效的时段", "Periods in force on this day"),
}


def lang() -> str:
    """The language chosen in this browser session (Chinese until the user switches)."""
    import streamlit as st

    value = st.session_state.get(STATE_KEY, DEFAULT)
    return value if value in LANGUAGES else DEFAULT


def tr(key: str, language: str, **fmt: Any) -> str:
    """The label ``key`` in ``language``; unknown keys fail loudly in tests, not silently."""
    zh, en = STRINGS[key]
    text = zh if language == "zh" else en
    return text.format(**fmt) if fmt else text


def t(key: str, **fmt: Any) -> str:
    """The label ``key`` in the session's language."""
    return tr(key, lang(), **fmt)


def pair(text: Any, language: str | None = None) -> tuple[str, str]:
    """(chosen, other) of a ``{zh, en}`` text (a model or a dict); plain strings pass through."""
    if text is None:
        return "", ""
    if isinstance(text, str):
        return text, ""
    if isinstance(text, Mapping):
        zh, en = text.get("zh", ""), text.get("en", "")
    else:
        zh, en = text.zh, text.en
    language = language or lang()
    return (zh, en) if language == "zh" else (en, zh)


def pick(text: Any, language: str | None = None) -> str:
    """Only the chosen language of a ``{zh, en}`` text."""
    return pair(text, language)[0]


def bi(text: Any, language: str | None = None, sep: str = " · ") -> str:
    """The chosen language first, the other beside it: ``指挥部 · Headquarters``."""
    first, second = pair(text, language)
    return f"{first}{sep}{second}" if second and second != first else first
