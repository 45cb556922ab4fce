"""The GitHub configuration: workflows, issue forms and the pull request template.

These files only do anything on GitHub, so a mistake in them shows up late: as
a pull request whose checks never start, or a push that is never published.
The tests read them as GitHub does (YAML) and hold them to the project's
rules: no permission by default and the least per job, every action pinned to
a commit, checks that run the same `make` targets as contributors, and issue
forms that offer the blog's real tags and point to the site's real pages.
They do not build the site, so they run in a moment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SITE_URL
from tools import build as site_build

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.y*ml") if p.name != "config.yml")

SHA = re.compile(r"[0-9a-f]{40}")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?:#\s*(?P<comment>.*))?$")
MAKE_COMMAND = re.compile(r"\bmake\s+([A-Za-z][\w-]*)")
FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` mapping. YAML 1.1, which PyYAML follows, reads the bare key
    `on` as the boolean true; GitHub reads it as the string."""
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else on


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> str:
    """Every shell command of a job, one step after another."""
    return "\n".join(step.get("run", "") for step in steps(job))


def action(step: dict) -> str | None:
    """`owner/name` of the action a step uses, without its version."""
    return step["uses"].split("@")[0] if "uses" in step else None


def step_index(job: dict, predicate) -> int:
    for i, step in enumerate(steps(job)):
        if predicate(step):
            return i
    return -1


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", text, flags=re.MULTILINE))


def workflow(name: str) -> dict:
    return load(GITHUB / "workflows" / name)


def job_using(workflow: dict, name: str) -> tuple[str, dict]:
    """The one job with a step that uses the action *name*."""
    found = [(jid, job) for jid, job in workflow["jobs"].items() if any(action(s) == name for s in steps(job))]
    assert len(found) == 1, f"expected exactly one job using {name}, found {[jid for jid, _ in found]}"
    return found[0]


def job_running(workflow: dict, command: str) -> tuple[str, dict]:
    """The one job whose shell commands include *command*."""
    found = [(jid, job) for jid, job in workflow["jobs"].items() if re.search(rf"\b{command}\b", runs(job))]
    assert len(found) == 1, f"expected exactly one job running {command!r}, found {[jid for jid, _ in found]}"
    return found[0]


# -- Every workflow --------------------------------------------------------------


def test_the_two_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml"}


@pytest.fixture(params=WORKFLOWS, ids=lambda p: p.name)
def each_workflow(request) -> tuple[Path, dict]:
    return request.param, load(request.param)


def test_workflow_has_name_triggers_and_jobs(each_workflow):
    _path, wf = each_workflow
    assert isinstance(wf.get("name"), str) and wf["name"]
    assert triggers(wf)
    assert wf.get("jobs")
    for jid, job in wf["jobs"].items():
        assert job.get("runs-on"), f"job {jid} has no runs-on"


def test_no_permission_by_default(each_workflow):
    _path, wf = each_workflow
    assert "permissions" in wf and wf["permissions"] == {}


def test_every_job_asks_for_few_permissions_and_has_a_time_limit(each_workflow):
    _path, wf = each_workflow
    for jid, job in wf["jobs"].items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict) and permissions, f"job {jid} must list its permissions"
        assert set(permissions.values()) <= {"read", "write"}, f"job {jid}: {permissions}"
        # Nothing here writes to the repository, its issues or pull requests.
        assert permissions.get("contents", "read") == "read", f"job {jid}: {permissions}"
        assert not {"issues", "pull-requests", "actions", "packages"} & set(permissions), f"job {jid}: {permissions}"
        timeout = job.get("timeout-minutes")
        assert isinstance(timeout, int) and 0 < timeout <= 60, f"job {jid}: timeout-minutes {timeout!r}"


def test_runs_are_grouped(each_workflow):
    _path, wf = each_workflow
    concurrency = wf.get("concurrency")
    assert isinstance(concurrency, dict) and concurrency.get("group")
    assert isinstance(concurrency.get("cancel-in-progress"), bool)


def test_every_action_is_pinned_to_a_commit_with_its_version(each_workflow):
    path, wf = each_workflow
    in_yaml = [step["uses"] for job in wf["jobs"].values() for step in steps(job) if "uses" in step]
    assert in_yaml, "a workflow without actions: nothing to check out?"
    lines = [m for line in path.read_text(encoding="utf-8").splitlines() if (m := USES_LINE.match(line))]
    # Every `uses:` the YAML holds is on a line of its own, where the comment can be read.
    assert sorted(m["ref"] for m in lines) == sorted(in_yaml)
    for m in lines:
        name, _, ref = m["ref"].partition("@")
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?", name), m["ref"]
        assert SHA.fullmatch(ref), f"{name} is pinned to {ref!r}, not to a full commit SHA"
        assert m["comment"] and re.fullmatch(r"v\d+\.\d+\.\d+", m["comment"].strip()), (
            f"{m['ref']}: add the version as a comment, for example '# v4.2.2'"
        )


def test_one_version_of_each_action_across_workflows():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in steps(job):
                if "uses" in step:
                    name, _, ref = step["uses"].partition("@")
                    pins.setdefault(name, set()).add(ref)
    assert {name: refs for name, refs in pins.items() if len(refs) > 1} == {}


def test_checkout_never_keeps_the_token(each_workflow):
    _path, wf = each_workflow
    checkouts = [s for job in wf["jobs"].values() for s in steps(job) if action(s) == "actions/checkout"]
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


def test_python_is_3_11_with_the_pip_cache(each_workflow):
    _path, wf = each_workflow
    for job in wf["jobs"].values():
        for step in steps(job):
            if action(step) != "actions/setup-python":
                continue
            options = step.get("with", {})
            assert options.get("python-version") == "3.11"
            assert options.get("cache") == "pip"
            # The cache is keyed on the files that decide what pip installs.
            keyed_on = options.get("cache-dependency-path", "").split()
            assert set(keyed_on) == {"pyproject.toml", "constraints.txt"}
            assert all((ROOT / name).is_file() for name in keyed_on)


def test_workflows_only_call_make_targets_that_exist(each_workflow):
    _path, wf = each_workflow
    called = {t for job in wf["jobs"].values() for t in MAKE_COMMAND.findall(runs(job))}
    assert called and called <= make_targets()


# -- CI: pull requests -------------------------------------------------------------


def test_ci_runs_on_pull_requests_and_by_hand():
    ci = workflow("ci.yml")
    assert set(triggers(ci)) == {"pull_request", "workflow_dispatch"}
    # A newer push to the same pull request replaces the older run.
    assert ci["concurrency"]["cancel-in-progress"] is True
    assert "pull_request.number" in ci["concurrency"]["group"]


def test_ci_builds_the_site_and_keeps_it_as_a_preview():
    ci = workflow("ci.yml")
    jid, job = job_running(ci, "make html")
    built = step_index(job, lambda s: "make preview" in s.get("run", ""))
    uploaded = step_index(job, lambda s: action(s) == "actions/upload-artifact")
    assert 0 <= built < uploaded, f"job {jid} must upload the preview after building it"
    assert steps(job)[uploaded]["with"]["path"] == "_build/preview"
    assert job["permissions"] == {"contents": "read"}


def test_ci_runs_the_test_suite_with_debians_chromium():
    ci = workflow("ci.yml")
    jid, job = job_running(ci, "make test")
    installed = step_index(job, lambda s: re.search(r"apt-get install .*\bchromium\b", s.get("run", "")))
    tested = step_index(job, lambda s: "make test" in s.get("run", ""))
    assert 0 <= installed < tested, f"job {jid} must install chromium before running the tests"
    # Ubuntu, the runners' system, has no chromium package: the job runs in Debian.
    image = job.get("container")
    image = image.get("image") if isinstance(image, dict) else image
    assert image and re.search(r"debian|bookworm|trixie", image), f"job {jid} runs in {image!r}"
    assert job["permissions"] == {"contents": "read"}


# -- Deploy: GitHub Pages -----------------------------------------------------------


def test_deploy_runs_on_pushes_to_main_only():
    deploy = workflow("deploy.yml")
    on = triggers(deploy)
    assert on["push"] == {"branches": ["main"]}
    assert not {"pull_request", "pull_request_target"} & set(on)


def test_deploy_runs_every_day_so_scheduled_posts_go_live_on_their_day():
    on = triggers(workflow("deploy.yml"))
    crons = [entry["cron"] for entry in on.get("schedule", [])]
    assert crons, "deploy.yml has no schedule"
    # minute hour day-of-month month day-of-week: once a day, every day
    assert any(c.split()[2:] == ["*", "*", "*"] and c.split()[1].isdigit() for c in crons), crons


def test_deployments_queue_and_are_never_cancelled():
    assert workflow("deploy.yml")["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_builds_with_make_html_and_publishes_the_build():
    deploy = workflow("deploy.yml")
    jid, job = job_running(deploy, "make html")
    assert job["permissions"] == {"contents": "read"}
    built = step_index(job, lambda s: "make html" in s.get("run", ""))
    packaged = step_index(job, lambda s: action(s) == "actions/upload-pages-artifact")
    assert 0 <= built < packaged
    assert steps(job)[packaged]["with"]["path"] == "_build/html"

    deployer_id, deployer = job_using(deploy, "actions/deploy-pages")
    assert deployer_id != jid
    needs = deployer.get("needs")
    assert jid in ([needs] if isinstance(needs, str) else needs)
    assert deployer["environment"]["name"] == "github-pages"
    assert any(action(s) == "actions/configure-pages" for s in steps(deployer))


def test_only_the_deploy_job_can_publish():
    deploy = workflow("deploy.yml")
    deployer_id, deployer = job_using(deploy, "actions/deploy-pages")
    assert deployer["permissions"] == {"pages": "write", "id-token": "write"}
    for jid, job in deploy["jobs"].items():
        if jid != deployer_id:
            assert "write" not in job["permissions"].values(), f"job {jid}: {job['permissions']}"


# -- Issue forms ----------------------------------------------------------------------


def test_the_issue_forms_exist():
    assert {p.name for p in FORMS} == {"new-post.yml", "new-page.yml", "minor-edit.yml"}


@pytest.fixture(params=FORMS, ids=lambda p: p.name)
def each_form(request) -> dict:
    return load(request.param)


def fields(form: dict) -> dict[str, dict]:
    """The form's fields (everything but plain text), by id."""
    return {item["id"]: item for item in form["body"] if item["type"] != "markdown"}


def test_issue_form_is_well_formed(each_form):
    form = each_form
    assert form["name"] and form["description"]
    assert " / " in form["name"], "the form's name is bilingual: English / Español"
    body = form["body"]
    assert isinstance(body, list) and body
    assert {item["type"] for item in body} <= FIELD_TYPES
    ids = [item["id"] for item in body if item["type"] != "markdown"]
    assert len(ids) == len(set(ids)), "field ids must be unique"
    for item in body:
        attributes = item["attributes"]
        if item["type"] == "markdown":
            assert attributes["value"].strip()
            continue
        assert " / " in attributes["label"], f"{item['id']}: the label is bilingual: English / Español"
        if item["type"] == "dropdown":
            options = attributes["options"]
            assert options and len(options) == len(set(options)), f"{item['id']}: options must be unique"
    assert any(f.get("validations", {}).get("required") for f in fields(form).values())


def test_new_post_form_asks_for_what_a_post_needs():
    form = fields(load(GITHUB / "ISSUE_TEMPLATE" / "new-post.yml"))
    assert {"title", "languages", "draft", "tags", "authors", "translation"} <= set(form)
    for name in ("title", "languages", "draft", "tags", "authors", "translation"):
        assert form[name]["validations"]["required"] is True, name
    assert form["languages"]["attributes"]["multiple"] is True


def test_new_post_form_offers_the_blogs_tags():
    tags = load(ROOT / "data" / "tags.yaml")
    field = fields(load(GITHUB / "ISSUE_TEMPLATE" / "new-post.yml"))["tags"]
    assert field["type"] == "dropdown" and field["attributes"]["multiple"] is True
    assert field["attributes"]["options"] == [tag["name"] for tag in tags]
    # Spanish-speaking writers see what each tag is called on their site.
    description = field["attributes"]["description"]
    for tag in tags:
        for label in tag["labels"].values():
            assert f"{tag['name']} = {label}" in description


def test_minor_edit_form_asks_what_and_where():
    form = fields(load(GITHUB / "ISSUE_TEMPLATE" / "minor-edit.yml"))
    assert {"page", "heading", "change"} <= set(form)
    assert form["page"]["validations"]["required"] is True
    assert form["change"]["validations"]["required"] is True


def test_new_page_form_asks_for_content_and_purpose():
    form = fields(load(GITHUB / "ISSUE_TEMPLATE" / "new-page.yml"))
    assert {"title", "purpose", "content", "languages", "translation"} <= set(form)


def test_issue_chooser_allows_blank_issues_and_links_to_the_contact_page():
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is True
    (link,) = config["contact_links"]
    assert link["name"] and link["about"]
    # The address is a page the site builds: <site>/<language>/<document>.html.
    assert link["url"].startswith(SITE_URL)
    language, page = link["url"].removeprefix(SITE_URL).split("/")
    assert language in site_build.languages(ROOT)
    assert (ROOT / page).with_suffix(".md").is_file()


# -- Pull request template -----------------------------------------------------------------


def test_pull_request_template_is_a_checklist_in_english_then_spanish():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    english, spanish = text.split("## Qué cambia")
    assert "## What this changes" in english
    for half in (english, spanish):
        items = re.findall(r"^- \[ \] (.+)$", half, flags=re.MULTILINE)
        assert len(items) >= 5
        for target in ("make html", "make livehtml", "make update-po"):
            assert f"`{target}`" in half
        assert "200 KB" in half
    assert len(re.findall(r"^- \[ \]", english, re.MULTILINE)) == len(re.findall(r"^- \[ \]", spanish, re.MULTILINE))
    assert set(MAKE_COMMAND.findall(text)) <= make_targets()
