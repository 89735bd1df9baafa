#!/usr/bin/env python3
"""Compares what a monitoring core read back from a plugin with what the
plugin printed, and checks the packaged integration files against the
plugins, for tests/acceptance/run.sh.

The core subcommands read the case list (lines of "id plugin
expected_state zabbix_key"), the direct runs in REF_DIR (ID.out, ID.err,
ID.rc and ID.argv, plus ID.json from --format=json), the runs that the core
made through the wrapper scripts of run.sh in TEE_DIR (the same files per
run, plus .tag), and the core's readback. The readback is held to the
core's own run of the plugin, found by its arguments and tag, so that
values that change from run to run are compared too. Every subcommand
prints one line per check: "ok - WHAT" or "not ok - WHAT: reason; reason".

  compare.py nagios   CASES REF_DIR TEE_DIR STATUS_DAT
  compare.py icinga2  CASES REF_DIR TEE_DIR RESULTS_JSON
  compare.py zabbix   CASES DISCOVERIES REF_DIR TEE_DIR VALUES_DIR
  compare.py options  ICINGA2_CONF NAGIOS_CFG PLUGIN_DIR
  compare.py template TEMPLATE USERPARAMETERS CASES DISCOVERIES REF_DIR

DISCOVERIES has lines of "plugin kind zabbix_key"; the direct run of each
is REF_DIR/discovery.PLUGIN.KIND.*. VALUES_DIR contains the values that
the Zabbix agent returned: ID.text, ID.rc and ID.json for the acceptance items, ID.packaged
for the packaged key of the case, and discovery.PLUGIN.KIND.

What each core is expected to keep of the plugin output (measured with
Nagios 4.4.6, Icinga 2.13.6 and zabbix_agentd 6.0.14):

  Nagios   plugin_output is line 1 before '|' without trailing white space,
           long_plugin_output the other lines, performance_data the text
           after '|'.
  Icinga 2 output is line 1 before '|' as printed (a space before '|' is
           kept), then a newline and the other lines; performance_data is
           the list of items after '|'.
  Zabbix   the value is stdout and stderr with trailing white space
           removed; the exit code is not kept.
"""

import json
import os
import re
import sys

STATE_NAMES = ("OK", "WARNING", "CRITICAL", "UNKNOWN")

# Short options and the long options the Icinga 2 CheckCommands use.
LONG_NAMES = {"-w": "--warning", "-c": "--critical", "-H": "--server", "-u": "--url",
              "-t": "--timeout", "-v": "--verbose", "-h": "--help", "-V": "--version"}

# Options of the plugins' --help that neither an Icinga 2 CheckCommand
# argument nor a Nagios command line may pass, and why. Every other option
# of --help must be a CheckCommand argument. --now stays one: it replays a
# past moment, and the acceptance cases run at a fixed --now.
CORE_EXCLUDED_OPTIONS = {
    "--help": "prints the usage and exits with OK without checking anything",
    "--version": "prints the version and exits with OK without checking anything",
    "--format": "Nagios and Icinga 2 read the text output: with --format json they would "
                "show the JSON as the output and get no perfdata (it is for Zabbix)",
    "--discovery": "prints Zabbix low-level discovery JSON and checks nothing",
    "--token": "the token would show in the process list to every local user, and as a "
               "custom variable in Icinga Web 2",
}

# Perfdata whose value differs from one run to the next even with the same
# API response: the request time, and the age of a cached response. Between two
# runs of a case only their values may differ; their unit, thresholds, min
# and max must not. The runs that a core's readback is held to are the
# core's own runs, so there even these values must match.
VOLATILE_LABELS = {"api_time", "data_age"}

# The members of a --format json document, and of one perfdata entry.
JSON_KEYS = ("service", "state", "exit_code", "summary", "long_output", "perfdata")
PERFDATA_KEYS = {"value", "uom", "warn", "crit", "min", "max"}

# Zabbix preprocessing error handlers that keep an item supported when its
# JSONPath selects nothing (the plugin's UNKNOWN output has no metrics).
TOLERANT_ERROR_HANDLERS = {"DISCARD_VALUE", "CUSTOM_VALUE"}

# Zabbix 6.0 keeps at most 255 characters of a Character item.
ZABBIX_CHAR_MAX = 255


def read_cases(path):
    """Returns (id, plugin, expected_state, zabbix_key) per line."""
    cases = []
    with open(path, encoding="utf-8") as cases_file:
        for line in cases_file:
            fields = line.split()
            if fields:
                cases.append((fields[0], fields[1], int(fields[2]), fields[3]))
    return cases


def read_discoveries(path):
    """Returns (plugin, kind, zabbix_key) per line."""
    with open(path, encoding="utf-8") as discoveries_file:
        return [tuple(line.split()) for line in discoveries_file if line.strip()]


def read_text(path):
    with open(path, "rb") as text_file:
        return text_file.read().decode("utf-8", "replace")


def state_name(code):
    return STATE_NAMES[code] if 0 <= code < len(STATE_NAMES) else "exit code %d" % code


def split_perfdata(text):
    """Splits perfdata into items: space-separated, a quoted label may
    contain spaces and '' stands for a quote inside it."""
    items = re.findall(r"(?:'(?:[^']|'')*'|[^\s'])\S*", text)
    return [item for item in items if item]


def parse_perfdata_item(item):
    """Returns (label, value, uom, warn, crit, min, max) of one item."""
    match = re.match(r"^('(?:[^']|'')*'|[^=]+)=([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)([^;]*)(.*)$", item)
    if match is None:
        return None
    label = match.group(1)
    if label.startswith("'"):
        label = label[1:-1].replace("''", "'")
    rest = match.group(4).split(";")[1:] + ["", "", "", ""]
    return (label, float(match.group(2)), match.group(3), rest[0], rest[1], rest[2], rest[3])


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Run:
    """One run of a plugin: its arguments, exit code and output, split the
    way the plugin guidelines define it."""

    def __init__(self, base):
        self.base = base
        tag_path = base + ".tag"
        self.tag = read_text(tag_path).strip() if os.path.exists(tag_path) else ""
        self.stdout = read_text(base + ".out")
        self.stderr = read_text(base + ".err")
        self.rc = int(read_text(base + ".rc").strip())
        with open(base + ".argv", encoding="utf-8") as argv_file:
            self.argv = [line.rstrip("\n") for line in argv_file]
        lines = self.stdout.rstrip("\n").split("\n")
        first, _, perf = lines[0].partition("|")
        self.first_text = first
        self.perf_text = perf.strip()
        self.perf_items = split_perfdata(self.perf_text)
        self.long_lines = lines[1:]

    def plugin(self):
        return os.path.basename(self.argv[0])

    def zabbix_value(self):
        """The item value the Zabbix agent makes of this run."""
        return (self.stdout + self.stderr).rstrip()

    def problems(self):
        """Plugin-side faults that make any core comparison meaningless."""
        found = []
        if any("|" in line for line in self.long_lines):
            found.append("the plugin printed '|' in its long output; perfdata belongs on line 1")
        if self.stderr:
            found.append("the plugin wrote to stderr: %r" % self.stderr[:200])
        for item in self.perf_items:
            if parse_perfdata_item(item) is None:
                found.append("perfdata item %r is malformed" % item)
        return found


def direct_run(ref_dir, name):
    return Run(os.path.join(ref_dir, name))


def load_runs(tee_dir):
    """The finished runs a core made through the wrappers, oldest first."""
    runs = []
    if os.path.isdir(tee_dir):
        for name in sorted(os.listdir(tee_dir)):
            base = os.path.join(tee_dir, name[:-len(".argv")])
            if name.endswith(".argv") and os.path.exists(base + ".rc"):
                runs.append(Run(base))
    return runs


def option_pairs(argv):
    """Turns arguments into sorted (option, value) pairs with long option
    names, so that argument order does not matter."""
    pairs = []
    i = 0
    while i < len(argv):
        option = LONG_NAMES.get(argv[i], argv[i])
        if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            pairs.append((option, argv[i + 1]))
            i += 2
        else:
            pairs.append((option, None))
            i += 1
    return sorted(pairs)


def find_run(runs, reference, problems, tag=None, extra=()):
    """The core's latest run with the case's arguments (in any order), or
    None with a problem noted."""
    wanted = option_pairs(reference.argv[1:] + list(extra))
    matches = [run for run in runs
               if option_pairs(run.argv[1:]) == wanted and run.plugin() == reference.plugin()
               and (tag is None or run.tag == tag)]
    if not matches:
        problems.append("the core never ran %s with the arguments of the case %r"
                        % (reference.plugin(), wanted))
        return None
    return matches[-1]


def key_name(key):
    return key.split("[", 1)[0]


def key_parameters(key):
    """The parameters of an item key, for keys whose parameters hold no
    quoted commas (every key of this project)."""
    inside = key.partition("[")[2]
    return inside[:-1].split(",") if inside.endswith("]") else []


def find_packaged_run(runs, plugin, zabbix_key, problems, discovery=None):
    """The latest run of a packaged Zabbix key: tag "packaged", the plugin,
    --extra-opts naming the key's section, and --discovery=KIND or none."""
    section_option = "--extra-opts=%s@" % key_parameters(zabbix_key)[0]
    wanted_discovery = "--discovery=%s" % discovery if discovery else None
    matches = []
    for run in runs:
        run_discovery = [arg for arg in run.argv[1:] if arg.startswith("--discovery")]
        if (run.tag == "packaged" and run.plugin() == plugin
                and any(arg.startswith(section_option) for arg in run.argv[1:])
                and run_discovery == ([wanted_discovery] if wanted_discovery else [])):
            matches.append(run)
    if not matches:
        problems.append("the agent never ran %s for %s" % (plugin, zabbix_key))
        return None
    return matches[-1]


def compare_perfdata(core_items, reference, problems):
    """Compares perfdata items one by one, field by field."""
    if len(core_items) != len(reference.perf_items):
        problems.append("perfdata has %d items, the plugin printed %d: %r vs %r"
                        % (len(core_items), len(reference.perf_items), core_items, reference.perf_items))
    for core_item, plugin_item in zip(core_items, reference.perf_items):
        core_fields = parse_perfdata_item(core_item)
        plugin_fields = parse_perfdata_item(plugin_item)
        if core_fields != plugin_fields or core_item != plugin_item:
            problems.append("perfdata item %r, the plugin printed %r" % (core_item, plugin_item))


def expect(problems, what, got, wanted):
    if got != wanted:
        problems.append("%s is %r, expected %r" % (what, got, wanted))


def report(core, what, problems):
    if problems:
        print("not ok - %s %s: %s" % (core, what, "; ".join(problems)))
    else:
        print("ok - %s %s" % (core, what))


def check_state(problems, reference, expected_state):
    if reference.rc != expected_state:
        problems.append("the plugin itself exited %d, the case expects %d (%s)"
                        % (reference.rc, expected_state, state_name(expected_state)))


# ------------------------------------------------------------------ Nagios

def unescape_status(text):
    """Undoes the escaping of status.dat: \\n is a newline, \\\\ a backslash."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def read_status_dat(path):
    services = {}
    block = None
    for line in read_text(path).split("\n"):
        if line.startswith("servicestatus {"):
            block = {}
        elif block is not None and line.strip() == "}":
            services[block.get("service_description")] = block
            block = None
        elif block is not None and "=" in line:
            key, _, value = line.strip().partition("=")
            block[key] = value
    return services


def command_nagios(cases_path, ref_dir, tee_dir, status_path):
    services = read_status_dat(status_path)
    runs = load_runs(tee_dir)
    for case_id, _plugin, expected_state, _key in read_cases(cases_path):
        problems = []
        reference = find_run(runs, direct_run(ref_dir, case_id), problems)
        service = services.get(case_id)
        if service is None or reference is None:
            report("nagios", case_id, problems + (["no service in status.dat"] if service is None else []))
            continue
        problems += reference.problems()
        check_state(problems, reference, expected_state)
        expect(problems, "current_state", service.get("current_state"), str(reference.rc))
        # Nagios 4 turns ';' into ':' in the first line, because ';'
        # separates the fields of its log and command formats.
        expect(problems, "plugin_output", service.get("plugin_output"),
               reference.first_text.rstrip().replace(";", ":"))
        expect(problems, "long_plugin_output", unescape_status(service.get("long_plugin_output", "")),
               "\n".join(reference.long_lines))
        perf = service.get("performance_data", "")
        expect(problems, "performance_data", perf, reference.perf_text)
        compare_perfdata(split_perfdata(perf), reference, problems)
        report("nagios", case_id, problems)


# ---------------------------------------------------------------- Icinga 2

def command_icinga2(cases_path, ref_dir, tee_dir, results_path):
    with open(results_path, encoding="utf-8") as results_file:
        results = {entry["name"]: entry["attrs"] for entry in json.load(results_file)["results"]}
    runs = load_runs(tee_dir)
    for case_id, _plugin, expected_state, _key in read_cases(cases_path):
        problems = []
        reference = find_run(runs, direct_run(ref_dir, case_id), problems)
        attrs = results.get("wolkvox!" + case_id)
        result = attrs.get("last_check_result") if attrs else None
        if result is None or reference is None:
            report("icinga2", case_id, problems + (["no check result over the API"] if result is None else []))
            continue
        problems += reference.problems()
        check_state(problems, reference, expected_state)
        expect(problems, "state", int(result["state"]), reference.rc)
        expect(problems, "exit_status", int(result["exit_status"]), reference.rc)
        wanted_output = reference.first_text
        if reference.long_lines:
            wanted_output += "\n" + "\n".join(reference.long_lines)
        expect(problems, "output", result["output"], wanted_output)
        perf = result.get("performance_data") or []
        if any(not isinstance(item, str) for item in perf):
            problems.append("performance_data holds parsed objects, expected strings: %r" % perf)
        else:
            compare_perfdata(perf, reference, problems)
        # The command the packaged CheckCommand built must be the one run
        # by hand, whatever the order of its arguments.
        expect(problems, "the command's options", option_pairs(result["command"][1:]),
               option_pairs(reference.argv[1:]))
        expect(problems, "the command's plugin", os.path.basename(result["command"][0]),
               reference.plugin())
        report("icinga2", case_id, problems)


# ------------------------------------------------------------------ Zabbix

def parse_json(problems, what, text):
    try:
        return json.loads(text)
    except ValueError as error:
        problems.append("%s is not JSON (%s): %r" % (what, error, text[:200]))
        return None


def check_json_against_text(document, text_run, problems, what):
    """Compares a --format json document with a text run of the same case.
    Service, state, exit code, summary, long output and the perfdata labels
    and their order must match, and so must each label's unit, thresholds,
    min, max and value. Only the values of VOLATILE_LABELS may differ."""
    if not isinstance(document, dict):
        problems.append("%s is not a JSON object: %r" % (what, document))
        return
    expect(problems, "%s members" % what, sorted(document), sorted(JSON_KEYS))
    expect(problems, "%s exit_code" % what, document.get("exit_code"), text_run.rc)
    expect(problems, "%s state" % what, document.get("state"), state_name(text_run.rc))
    expect(problems, "%s \"service state - summary\"" % what,
           "%s %s - %s" % (document.get("service"), document.get("state"), document.get("summary")),
           text_run.first_text.rstrip())
    expect(problems, "%s long_output" % what, document.get("long_output"), text_run.long_lines)

    perfdata = document.get("perfdata")
    if not isinstance(perfdata, dict):
        problems.append("%s perfdata is not an object: %r" % (what, perfdata))
        return
    text_items = [parse_perfdata_item(item) for item in text_run.perf_items]
    text_items = [item for item in text_items if item is not None]
    expect(problems, "%s perfdata labels" % what, list(perfdata), [item[0] for item in text_items])
    for label, number, uom, warn, crit, low, high in text_items:
        entry = perfdata.get(label)
        if not isinstance(entry, dict):
            continue
        name = "%s %s" % (what, label)
        if set(entry) - PERFDATA_KEYS:
            problems.append("%s has unknown members %s" % (name, sorted(set(entry) - PERFDATA_KEYS)))
        value = entry.get("value")
        if not is_number(value):
            problems.append("%s.value is not a number: %r" % (name, value))
        elif label in VOLATILE_LABELS:
            if value < 0:
                problems.append("%s.value is negative: %r" % (name, value))
        else:
            expect(problems, "%s.value" % name, value, number)
        expect(problems, "%s.uom" % name, entry.get("uom"), uom)
        expect(problems, "%s.warn" % name, entry.get("warn", ""), warn)
        expect(problems, "%s.crit" % name, entry.get("crit", ""), crit)
        expect(problems, "%s.min" % name, entry.get("min"), float(low) if low else None)
        expect(problems, "%s.max" % name, entry.get("max"), float(high) if high else None)


def lld_problems(rows, what):
    """Checks Zabbix low-level discovery JSON: a non-empty array of
    objects whose members are {#MACRO} names with string values."""
    if not isinstance(rows, list) or not rows:
        return ["%s is not a non-empty JSON array: %r" % (what, rows)]
    problems = []
    for row in rows:
        if not isinstance(row, dict):
            problems.append("%s has a row that is not an object: %r" % (what, row))
            continue
        for macro, value in row.items():
            if not re.match(r"^\{#[A-Z0-9_.]+\}$", macro):
                problems.append("%s has %r, which is not an LLD macro name" % (what, macro))
            if not isinstance(value, str):
                problems.append("%s has %s = %r, which is not a string" % (what, macro, value))
    return problems


def first_difference(got, wanted):
    """Where two long texts part, with some context on both sides."""
    index = next((i for i, (a, b) in enumerate(zip(got, wanted)) if a != b), min(len(got), len(wanted)))
    start = max(0, index - 40)
    return "differs from character %d: %r, expected %r" % (index, got[start:index + 40], wanted[start:index + 40])


def compare_item_value(problems, what, value, run):
    """The agent's value must be what the wrapper saw the plugin print,
    with the trailing white space that Zabbix trims removed."""
    wanted = run.zabbix_value()
    if value != wanted:
        problems.append("%s %s" % (what, first_difference(value, wanted)))
    if run.stderr:
        problems.append("the plugin wrote to stderr, which Zabbix appends to %s: %r" % (what, run.stderr[:200]))


def compare_zabbix_case(case_id, expected_state, runs, ref_dir, values_dir):
    """The acceptance items of one case: the text, the exit code and the
    JSON, each held to the agent's own run of the plugin."""
    problems = []
    direct = direct_run(ref_dir, case_id)
    text_run = find_run(runs, direct, problems, "text")
    if text_run is not None:
        problems += text_run.problems()
        check_state(problems, text_run, expected_state)
        expect(problems, "the text item", read_text(os.path.join(values_dir, case_id + ".text")),
               text_run.zabbix_value())
    rc_run = find_run(runs, direct, problems, "rc")
    if rc_run is not None:
        expect(problems, "the exit code item", read_text(os.path.join(values_dir, case_id + ".rc")).strip(),
               str(rc_run.rc))
    json_run = find_run(runs, direct, problems, "json", ["--format=json"])
    if json_run is not None and text_run is not None:
        value = read_text(os.path.join(values_dir, case_id + ".json"))
        compare_item_value(problems, "the JSON item", value, json_run)
        document = parse_json(problems, "the JSON item", value)
        if document is not None:
            check_json_against_text(document, text_run, problems, "JSON")
    report("zabbix", case_id, problems)


def compare_zabbix_packaged(case_id, plugin, zabbix_key, runs, ref_dir, values_dir):
    """The packaged key of one case: the agent's value is what its run of
    the plugin printed, and that JSON matches the case's direct text run."""
    problems = []
    run = find_packaged_run(runs, plugin, zabbix_key, problems)
    if run is not None:
        value = read_text(os.path.join(values_dir, case_id + ".packaged"))
        compare_item_value(problems, "the value", value, run)
        document = parse_json(problems, "the value", value)
        if document is not None:
            check_json_against_text(document, direct_run(ref_dir, case_id), problems, "JSON")
    report("zabbix", "packaged key %s" % zabbix_key, problems)


def compare_zabbix_discovery(plugin, kind, zabbix_key, runs, ref_dir, values_dir):
    problems = []
    name = "discovery.%s.%s" % (plugin, kind)
    run = find_packaged_run(runs, plugin, zabbix_key, problems, kind)
    if run is not None:
        value = read_text(os.path.join(values_dir, name))
        compare_item_value(problems, "the value", value, run)
        rows = parse_json(problems, "the value", value)
        if rows is not None:
            problems += lld_problems(rows, "the value")
            direct = direct_run(ref_dir, name)
            expect(problems, "the value", rows, parse_json(problems, "the direct run", direct.stdout))
    report("zabbix", "discovery key %s" % zabbix_key, problems)


def command_zabbix(cases_path, discoveries_path, ref_dir, tee_dir, values_dir):
    runs = load_runs(tee_dir)
    cases = read_cases(cases_path)
    for case_id, _plugin, expected_state, _key in cases:
        compare_zabbix_case(case_id, expected_state, runs, ref_dir, values_dir)
    for case_id, plugin, _state, zabbix_key in cases:
        compare_zabbix_packaged(case_id, plugin, zabbix_key, runs, ref_dir, values_dir)
    for plugin, kind, zabbix_key in read_discoveries(discoveries_path):
        compare_zabbix_discovery(plugin, kind, zabbix_key, runs, ref_dir, values_dir)


# ---------------------------------------------------------------- template

def load_template(path):
    import yaml  # python3-yaml; imported here so the other checks run without it
    with open(path, encoding="utf-8") as template_file:
        return yaml.safe_load(template_file)


def template_items(template):
    for item in template.get("items", []):
        yield item
    for rule in template.get("discovery_rules", []):
        yield rule
        for item in rule.get("item_prototypes", []):
            yield item


JSONPATH_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\['([^'\\]*)'\]|\[([0-9]+)\]")


def jsonpath_select(document, path):
    """Evaluates the JSONPath subset that names one value: "$" followed by
    .name, ['name'] and [index] steps. Returns (True, value), or (False,
    None) when a step finds nothing, as Zabbix fails then. Raises
    ValueError on any other syntax (wildcards, filters, functions), which
    this evaluator does not implement."""
    steps = []
    position = 1
    if not path.startswith("$"):
        raise ValueError("JSONPath %r does not start with $" % path)
    while position < len(path):
        match = JSONPATH_STEP.match(path, position)
        if match is None:
            raise ValueError("JSONPath %r: syntax at %r is outside the subset this test evaluates"
                             % (path, path[position:]))
        steps.append(match)
        position = match.end()
    value = document
    for step in steps:
        if step.group(3) is not None:
            index = int(step.group(3))
            if not isinstance(value, list) or index >= len(value):
                return False, None
            value = value[index]
        else:
            name = step.group(1) if step.group(1) is not None else step.group(2)
            if not isinstance(value, dict) or name not in value:
                return False, None
            value = value[name]
    return True, value


def value_type_problem(value_type, value):
    """Why Zabbix could reject a JSONPath result for an item of value_type
    (UNSIGNED when the export omits it), or None. Zabbix takes a selected
    string as it is and anything else as its JSON text, so 102.0 is not an
    unsigned integer although its value is whole."""
    text = value if isinstance(value, str) else json.dumps(value)
    if value_type == "UNSIGNED" and not re.fullmatch(r"[0-9]+", text):
        return "%s is not an unsigned integer (value_type UNSIGNED)" % text
    if value_type == "FLOAT" and not re.fullmatch(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?", text):
        return "%s is not a number (value_type FLOAT)" % text
    if value_type == "CHAR" and len(text) > ZABBIX_CHAR_MAX:
        return "%r is longer than %d characters (value_type CHAR)" % (text, ZABBIX_CHAR_MAX)
    return None


def jsonpath_problems(item, case_id, document):
    """Evaluates every JSONPath step of a dependent item on one output. A
    path must select a value of the item's type, except in an UNKNOWN
    output, where an error handler may take over."""
    problems = []
    steps = item.get("preprocessing", [])
    unknown = isinstance(document, dict) and document.get("exit_code") == 3
    for number, step in enumerate(steps):
        if step.get("type") != "JSONPATH":
            continue
        path = step["parameters"][0]
        try:
            found, value = jsonpath_select(document, path)
        except ValueError as error:
            problems.append("%s: %s" % (item["key"], error))
            continue
        if not found:
            if unknown and step.get("error_handler") in TOLERANT_ERROR_HANDLERS:
                continue
            problems.append("%s: %s selects nothing in the output of %s%s"
                            % (item["key"], path, case_id,
                               " and the step has no DISCARD_VALUE or CUSTOM_VALUE handler" if unknown else ""))
            continue
        if number == len(steps) - 1:
            problem = value_type_problem(item.get("value_type", "UNSIGNED"), value)
            if problem:
                problems.append("%s: %s in the output of %s: %s" % (item["key"], path, case_id, problem))
    return problems


def check_template_jsonpaths(template, cases, ref_dir):
    """Evaluates each dependent item's JSONPaths on the real --format json
    output of every case whose packaged key is the item's master key."""
    outputs = {}
    for case_id, _plugin, _state, zabbix_key in cases:
        text = read_text(os.path.join(ref_dir, case_id + ".json"))
        problems = []
        document = parse_json(problems, "the --format json output of %s" % case_id, text)
        outputs.setdefault(key_name(zabbix_key), []).append((case_id, document, problems))

    dependents = {}
    for item in template_items(template):
        if item.get("type") == "DEPENDENT":
            dependents.setdefault(key_name(item["master_item"]["key"]), []).append(item)

    for master in sorted(dependents):
        problems = []
        runs = outputs.get(master, [])
        checked = [case_id for case_id, document, _ in runs
                   if isinstance(document, dict) and document.get("exit_code") != 3]
        if not checked:
            problems.append("no case other than UNKNOWN reads its output from %s: add one to cases.txt" % master)
        for case_id, document, parse_problems in runs:
            problems += parse_problems
            if document is not None:
                for item in dependents[master]:
                    problems += jsonpath_problems(item, case_id, document)
        report("zabbix", "template JSONPaths of %s[] on %s" % (master, ", ".join(c[0] for c in runs) or "nothing"),
               problems)


def check_template_discovery(template, discoveries, ref_dir):
    """Every LLD macro that a discovery rule uses must be in every row of
    the plugin's --discovery output for that rule's kind."""
    for rule in template.get("discovery_rules", []):
        problems = []
        kind = key_parameters(rule["key"])[-1]
        matches = [(plugin, found_kind) for plugin, found_kind, zabbix_key in discoveries
                   if key_name(zabbix_key) == key_name(rule["key"]) and found_kind == kind]
        if not matches:
            report("zabbix", "template LLD macros of %s" % rule["key"],
                   ["run.sh makes no --discovery=%s run for this key" % kind])
            continue
        plugin, kind = matches[0]
        output = direct_run(ref_dir, "discovery.%s.%s" % (plugin, kind)).stdout
        rows = parse_json(problems, "%s --discovery=%s" % (plugin, kind), output)
        if rows is not None:
            problems += lld_problems(rows, "%s --discovery=%s" % (plugin, kind))
        used = sorted(set(re.findall(r"\{#[A-Z0-9_.]+\}", json.dumps(rule))))
        for macro in used:
            if isinstance(rows, list) and any(not isinstance(row, dict) or macro not in row for row in rows):
                problems.append("the rule uses %s, which rows of %s --discovery=%s lack" % (macro, plugin, kind))
        report("zabbix", "template LLD macros %s of %s" % (" ".join(used), rule["key"]), problems)


def collect_uuids(node, uuids):
    if isinstance(node, dict):
        if "uuid" in node:
            uuids.append(node["uuid"])
        for value in node.values():
            collect_uuids(value, uuids)
    elif isinstance(node, list):
        for value in node:
            collect_uuids(value, uuids)


def import_problems(export, userparameters_path):
    """What an import into Zabbix would reject or what would fail at run
    time: unique v4 UUIDs, dependent items whose master exists, trigger
    expressions naming the template and an existing item, and agent item
    keys that the UserParameters define."""
    problems = []
    expect(problems, "version", export.get("version"), "6.0")

    uuids = []
    collect_uuids(export, uuids)
    for uuid in uuids:
        if not re.match(r"^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$", uuid):
            problems.append("uuid %s is not a v4 UUID without dashes" % uuid)
    if len(set(uuids)) != len(uuids):
        problems.append("%d UUIDs are repeated" % (len(uuids) - len(set(uuids))))

    with open(userparameters_path, encoding="utf-8") as parameters_file:
        defined = {line.split("=", 1)[1].split(",", 1)[0].split("[", 1)[0]
                   for line in parameters_file if line.startswith("UserParameter=")}

    for template in export["templates"]:
        name = template["template"]
        valuemaps = {valuemap["name"] for valuemap in template.get("valuemaps", [])}
        rules = template.get("discovery_rules", [])
        scopes = [template.get("items", [])] + [rule.get("item_prototypes", []) for rule in rules]
        for rule in rules:
            if key_name(rule["key"]) not in defined:
                problems.append("discovery key %s has no UserParameter" % rule["key"])
        for scope, rule in zip(scopes, [None] + rules):
            keys = {item["key"] for item in scope}
            triggers = []
            for item in scope:
                if item.get("type", "ZABBIX_PASSIVE") == "ZABBIX_PASSIVE" and key_name(item["key"]) not in defined:
                    problems.append("agent item %s has no UserParameter" % item["key"])
                if item.get("type") == "DEPENDENT" and item["master_item"]["key"] not in keys:
                    problems.append("the master of %s is not in the template" % item["key"])
                if "valuemap" in item and item["valuemap"]["name"] not in valuemaps:
                    problems.append("value map %s of %s is not defined" % (item["valuemap"]["name"], item["key"]))
                triggers += item.get("triggers", [])
            if rule is not None:
                triggers += rule.get("trigger_prototypes", [])
            for trigger in triggers:
                for key_template, key in re.findall(r"/([^/]+)/([^)]+)\)", trigger["expression"]):
                    if key_template != name:
                        problems.append("trigger %r names template %r" % (trigger["name"], key_template))
                    if key not in keys:
                        problems.append("trigger %r uses %s, which is not an item" % (trigger["name"], key))
    return problems


def command_template(template_path, userparameters_path, cases_path, discoveries_path, ref_dir):
    export = load_template(template_path)["zabbix_export"]
    report("zabbix", "template import checks", import_problems(export, userparameters_path))
    for template in export["templates"]:
        check_template_jsonpaths(template, read_cases(cases_path), ref_dir)
        check_template_discovery(template, read_discoveries(discoveries_path), ref_dir)


# ----------------------------------------------------------------- options

def help_options(plugin):
    """The long options that the plugin's --help names."""
    import subprocess
    help_text = subprocess.run([plugin, "--help"], capture_output=True, text=True,
                               env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}).stdout
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", help_text))


def excluded_problems(options):
    return ["%s is passed, but it must not be: %s" % (option, CORE_EXCLUDED_OPTIONS[option])
            for option in sorted(options & set(CORE_EXCLUDED_OPTIONS))]


def check_icinga2_commands(conf_path, plugin_dir, helps):
    """Every option of a plugin's --help is an argument of its
    CheckCommand, except CORE_EXCLUDED_OPTIONS, and every argument is an
    option of the help."""
    text = read_text(conf_path)
    commands = re.findall(r'object CheckCommand "([^"]+)" \{(.*?)\n\}', text, re.S)
    if not commands:
        report("icinga2", "CheckCommands", ["%s defines no CheckCommand" % conf_path])
    for name, body in commands:
        problems = []
        plugin = os.path.join(plugin_dir, "check_" + name)
        in_help = helps.get(plugin, set())
        if not in_help:
            problems.append("%s is not built or has no --help" % plugin)
        arguments = set(re.findall(r'"(--[a-z][a-z0-9-]*)" = \{', body))
        wanted = in_help - set(CORE_EXCLUDED_OPTIONS)
        problems += ["%s is in --help but not an argument" % option for option in sorted(wanted - arguments)]
        problems += ["%s is an argument but not in --help" % option
                     for option in sorted(arguments - in_help - set(CORE_EXCLUDED_OPTIONS))]
        problems += excluded_problems(arguments)
        for variable in re.findall(r"\$([a-z0-9_]+)\$", body):
            if not variable.startswith(name + "_"):
                problems.append("custom variable %s lacks the prefix %s_" % (variable, name))
        report("icinga2", "CheckCommand %s options" % name, problems)


def check_nagios_commands(cfg_path, plugin_dir, helps):
    """Every option of a Nagios command line is in its plugin's --help and
    none is in CORE_EXCLUDED_OPTIONS; the last $ARGn$ takes the others."""
    commands = re.findall(r"command_name\s+(\S+)\s+command_line\s+(\S+)(.*)", read_text(cfg_path))
    if not commands:
        report("nagios", "commands", ["%s defines no command" % cfg_path])
    for name, path, arguments in commands:
        problems = []
        plugin = os.path.join(plugin_dir, os.path.basename(path))
        in_help = helps.get(plugin, set())
        if not in_help:
            problems.append("%s is not built or has no --help" % plugin)
        options = set()
        for option in re.findall(r"(?<!\S)(--?[A-Za-z][A-Za-z0-9-]*)", arguments):
            if not option.startswith("--") and option not in LONG_NAMES:
                problems.append("short option %s has no long name in compare.py" % option)
            options.add(LONG_NAMES.get(option, option))
        problems += ["%s is not in --help" % option for option in sorted(options - in_help)
                     if option not in CORE_EXCLUDED_OPTIONS]
        problems += excluded_problems(options)
        report("nagios", "command %s options" % name, problems)


def command_options(icinga2_conf, nagios_cfg, plugin_dir):
    helps = {}
    for name in sorted(os.listdir(plugin_dir)):
        path = os.path.join(plugin_dir, name)
        if name.startswith("check_wolkvox_") and os.access(path, os.X_OK):
            helps[path] = help_options(path)
    check_icinga2_commands(icinga2_conf, plugin_dir, helps)
    check_nagios_commands(nagios_cfg, plugin_dir, helps)
    # An exclusion that no plugin needs any longer would hide a missing
    # argument once the option returns with another meaning.
    stale = sorted(set(CORE_EXCLUDED_OPTIONS) - set().union(*helps.values()))
    report("icinga2", "option exclusions", ["%s is in no plugin's --help: drop it from CORE_EXCLUDED_OPTIONS"
                                            % option for option in stale])


def main(argv):
    commands = {"nagios": (command_nagios, 4), "icinga2": (command_icinga2, 4),
                "zabbix": (command_zabbix, 5), "options": (command_options, 3),
                "template": (command_template, 5)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.exit(__doc__)
    command, count = commands[argv[1]]
    command(*argv[2:2 + count])


if __name__ == "__main__":
    main(sys.argv)
