"""Results unchanged (issue #23): every command's output on the demo and the two-rep team equals the recorded one.

The redesign for speed must keep every result byte-identical; this test holds check, refresh, quote, summary,
three documents and the annotated workbooks of both languages to tests/golden/outputs.json. After an
intended change of a result, `python3 tests/golden_outputs.py --update` and say why in the commit; to see what
changed, `--dump DIR` with the old and the new code and diff the two folders.
"""

from __future__ import annotations

import json

import pytest
from golden_outputs import GOLDEN, digests, outputs


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return outputs(tmp_path_factory.mktemp("golden"))


def test_every_output_equals_the_recorded_one(results, tmp_path):
    expected = json.loads(GOLDEN.read_text())
    actual = digests(results)
    assert set(actual) == set(expected), f"outputs added {sorted(set(actual) - set(expected))}, missing {sorted(set(expected) - set(actual))}"
    changed = sorted(name for name in actual if actual[name] != expected[name])
    for name in changed:  # the texts, for a diff against `--dump` of the previous code
        target = tmp_path / "changed" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(results[name])
    assert not changed, f"results changed ({len(changed)}): {changed[:12]}; texts in {tmp_path / 'changed'}"


def test_the_outputs_are_the_commands_own(results):
    """The guard guards something: the recorded outputs hold findings, to-do items and documents, not errors."""
    check = json.loads(results["team/check"].split("\n", 1)[1])
    assert any(i["code"] == "duplicate-id" for i in check["issues"])
    refresh = results["demo-zh/refresh"]
    assert refresh.startswith("exit ") and '"todo"' in refresh
    for kind in ("acceptance", "contract", "approval"):
        assert '"document"' in results[f"demo-en/forms-{kind}"]
    assert "## " in results["demo-zh/summary.xlsx"]
