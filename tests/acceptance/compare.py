#!/usr/bin/env python3
"""Compares what a monitoring core read back from a plugin with what the
plugin printed when run directly, for tests/acceptance/run.sh.

Each core subcommand reads the case list (a file of "id plugin
expected_state" lines), the direct runs in REF_DIR (ID.out, ID.err, ID.rc,
ID.argv), the runs the core made through the wrapper scripts of run.sh in
TEE_DIR (the same files per run, plus .tag), and the core's readback. The
core's readback is held to the core's own run of the plugin, found by its
arguments, so that values that change from run to run are compared too.
It prints one line per case: "ok - CORE ID" or "not ok - CORE ID: reason;
reason".

  compare.py nagios   CASES REF_DIR TEE_DIR STATUS_DAT
  compare.py icinga2  CASES REF_DIR TEE_DIR RESULTS_JSON
  compare.py zabbix   CASES REF_DIR TEE_DIR VALUES_DIR [--json TEMPLATE]
  compare.py options  CONF PLUGIN_DIR PLANNED...
  compare.py template TEMPLATE USERPARAMETERS REF_DIR CASES

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
              "-t": "--timeout", "-v": "--verbose"}


def read_cases(path):
    cases = []
    with open(path, encoding="utf-8") as cases_file:
        for line in cases_file:
            fields = line.split()
            if fields:
                cases.append((fields[0], fields[1], int(fields[2])))
    return cases


def read_text(path):
    with open(path, "rb") as text_file:
        return text_file.read().decode("utf-8", "replace")


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


# Perfdata whose value differs from one run to the next even with the same
# API answer: the request time and the age of a cached answer.
VOLATILE_LABELS = {"api_time", "data_age"}


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


def direct_run(ref_dir, case_id):
    return Run(os.path.join(ref_dir, case_id))


def load_runs(tee_dir):
    """The finished runs a core made through the wrappers, oldest first."""
    runs = []
    if os.path.isdir(tee_dir):
        for name in sorted(os.listdir(tee_dir)):
            base = os.path.join(tee_dir, name[:-len(".argv")])
            if name.endswith(".argv") and os.path.exists(base + ".rc"):
                runs.append(Run(base))
    return runs


def find_run(runs, reference, problems, tag=None, extra=()):
    """The core's latest run with the case's arguments (in any order), or
    None with a problem noted."""
    wanted = option_pairs(reference.argv[1:] + list(extra))
    matches = [run for run in runs
               if option_pairs(run.argv[1:]) == wanted and os.path.basename(run.argv[0]) == os.path.basename(reference.argv[0])
               and (tag is None or run.tag == tag)]
    if not matches:
        problems.append("the core never ran %s with the arguments of the case %r"
                        % (os.path.basename(reference.argv[0]), wanted))
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


def report(core, case_id, problems):
    if problems:
        print("not ok - %s %s: %s" % (core, case_id, "; ".join(problems)))
    else:
        print("ok - %s %s" % (core, case_id))


def check_state(problems, reference, expected_state):
    if reference.rc != expected_state:
        problems.append("the plugin itself exited %d, the case expects %d (%s)"
                        % (reference.rc, expected_state, STATE_NAMES[expected_state]))


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
    for case_id, _plugin, expected_state in read_cases(cases_path):
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


def command_icinga2(cases_path, ref_dir, tee_dir, results_path):
    with open(results_path, encoding="utf-8") as results_file:
        results = {entry["name"]: entry["attrs"] for entry in json.load(results_file)["results"]}
    runs = load_runs(tee_dir)
    for case_id, _plugin, expected_state in read_cases(cases_path):
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
               os.path.basename(reference.argv[0]))
        report("icinga2", case_id, problems)


# ------------------------------------------------------------------ Zabbix

def json_path(document, path):
    """Evaluates the JSONPath subset the template uses: $.key,
    $.key.key and $.key['key'].key."""
    if not path.startswith("$"):
        raise ValueError("JSONPath %r does not start with $" % path)
    value = document
    for part in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\['([^']*)'\]", path[1:]):
        key = part[0] or part[1]
        if not isinstance(value, dict) or key not in value:
            raise KeyError("%s: no %r" % (path, key))
        value = value[key]
    return value


def command_zabbix(cases_path, ref_dir, tee_dir, values_dir, json_template):
    runs = load_runs(tee_dir)
    for case_id, _plugin, expected_state in read_cases(cases_path):
        problems = []
        direct = direct_run(ref_dir, case_id)
        text_run = find_run(runs, direct, problems, "text")
        if text_run is not None:
            problems += text_run.problems()
            check_state(problems, text_run, expected_state)
            text = read_text(os.path.join(values_dir, case_id + ".text"))
            expect(problems, "the text item", text, (text_run.stdout + text_run.stderr).rstrip())
        rc_run = find_run(runs, direct, problems, "rc")
        if rc_run is not None:
            code = read_text(os.path.join(values_dir, case_id + ".rc")).strip()
            expect(problems, "the exit code item", code, str(rc_run.rc))
        if json_template and text_run is not None:
            json_run = find_run(runs, direct, problems, "json", ["--format=json"])
            if json_run is not None:
                compare_json(case_id, values_dir, json_run, text_run, json_template, problems)
        report("zabbix", case_id, problems)


def compare_json(case_id, values_dir, json_run, reference, template_path, problems):
    """Checks the JSON item against the plugin's JSON run, then that JSON
    against the text run of the same case (values of VOLATILE_LABELS may
    differ), and applies the template's JSONPaths to it."""
    value = read_text(os.path.join(values_dir, case_id + ".json"))
    try:
        document = json.loads(value)
    except ValueError as error:
        problems.append("the JSON item is not JSON (%s): %r" % (error, value[:200]))
        return
    expect(problems, "the JSON item", value, json_run.stdout.rstrip())
    expect(problems, "JSON exit_code", document.get("exit_code"), reference.rc)
    expect(problems, "JSON state", document.get("state"), STATE_NAMES[reference.rc])
    expect(problems, "JSON summary", document.get("summary"),
           re.sub(r"^\S+( \S+)* (OK|WARNING|CRITICAL|UNKNOWN) - ", "", reference.first_text.rstrip()))
    expect(problems, "JSON long_output", document.get("long_output"), reference.long_lines)
    perfdata = document.get("perfdata", {})
    for item in reference.perf_items:
        label, number, uom, warn, crit, low, high = parse_perfdata_item(item)
        entry = perfdata.get(label)
        if entry is None:
            problems.append("JSON perfdata lacks %r" % label)
            continue
        if label not in VOLATILE_LABELS:
            expect(problems, "JSON %s.value" % label, entry.get("value"), number)
        elif not isinstance(entry.get("value"), (int, float)):
            problems.append("JSON %s.value is not a number: %r" % (label, entry.get("value")))
        expect(problems, "JSON %s.uom" % label, entry.get("uom", ""), uom)
        for key, text in (("warn", warn), ("crit", crit)):
            expect(problems, "JSON %s.%s" % (label, key), entry.get(key, ""), text)
        for key, text in (("min", low), ("max", high)):
            expect(problems, "JSON %s.%s" % (label, key), entry.get(key), float(text) if text else None)
    extra = sorted(set(perfdata) - {parse_perfdata_item(item)[0] for item in reference.perf_items})
    if extra:
        problems.append("JSON perfdata has labels the text lacks: %s" % ", ".join(extra))
    for path, wanted in template_paths(template_path, reference):
        if path.startswith("$.perfdata['") and path.split("'")[1] in VOLATILE_LABELS:
            continue
        try:
            got = json_path(document, path)
        except (KeyError, ValueError) as error:
            problems.append("template JSONPath: %s" % error)
            continue
        expect(problems, "template JSONPath %s" % path, got, wanted)


def template_paths(template_path, reference):
    """The JSONPaths of the template that apply to this plugin's output,
    with the value each must find: the exit code, the summary, and every
    perfdata label the plugin printed."""
    labels = {parse_perfdata_item(item)[0]: parse_perfdata_item(item)[1] for item in reference.perf_items}
    wanted = []
    for path in sorted(set(template_jsonpaths(template_path))):
        match = re.match(r"^\$\.perfdata\['([^']+)'\]\.value$", path)
        if path == "$.exit_code":
            wanted.append((path, reference.rc))
        elif match and match.group(1) in labels:
            wanted.append((path, labels[match.group(1)]))
    return wanted


def template_jsonpaths(template_path):
    for item in template_items(load_template(template_path)):
        for step in item.get("preprocessing", []):
            if step["type"] == "JSONPATH":
                yield step["parameters"][0]


# ------------------------------------------------- template and options

def load_template(path):
    import yaml  # python3-yaml; imported here so the other checks run without it
    with open(path, encoding="utf-8") as template_file:
        return yaml.safe_load(template_file)


def template_items(document):
    for template in document["zabbix_export"]["templates"]:
        for item in template.get("items", []):
            yield item
        for rule in template.get("discovery_rules", []):
            yield rule
            for item in rule.get("item_prototypes", []):
                yield item


def item_key_name(key):
    return key.split("[", 1)[0]


def command_template(template_path, userparameters_path, ref_dir, cases_path):
    """Checks what an import into Zabbix would reject or what would fail at
    run time: unique v4 UUIDs, dependent items whose master exists, trigger
    expressions naming the template and an existing item, agent item keys
    that the UserParameters define, and JSONPath labels that the plugins
    print."""
    document = load_template(template_path)
    problems = []
    export = document["zabbix_export"]
    expect(problems, "version", export.get("version"), "6.0")

    uuids = []

    def collect(node):
        if isinstance(node, dict):
            if "uuid" in node:
                uuids.append(node["uuid"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
    collect(export)
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
        scopes = [template.get("items", [])] + [rule.get("item_prototypes", []) for rule in template.get("discovery_rules", [])]
        rules = template.get("discovery_rules", [])
        for rule in rules:
            if item_key_name(rule["key"]) not in defined:
                problems.append("discovery key %s has no UserParameter" % rule["key"])
        for scope, rule in zip(scopes, [None] + rules):
            keys = {item["key"] for item in scope}
            triggers = []
            for item in scope:
                if item.get("type", "ZABBIX_PASSIVE") == "ZABBIX_PASSIVE" and item_key_name(item["key"]) not in defined:
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

    printed = {}
    for case_id, plugin, _state in read_cases(cases_path):
        reference = direct_run(ref_dir, case_id)
        for item in reference.perf_items:
            printed.setdefault(plugin, set()).add(parse_perfdata_item(item)[0])
    for item in template_items(document):
        for step in item.get("preprocessing", []):
            match = re.match(r"^\$\.perfdata\['([^']+)'\]\.value$", step["parameters"][0]) if step["type"] == "JSONPATH" else None
            master = item.get("master_item", {}).get("key", "")
            plugin = "check_" + item_key_name(master).split(".")[1] if master.startswith("wolkvox.") else None
            if match and plugin in printed and match.group(1) not in printed[plugin]:
                problems.append("%s reads perfdata label %r, which %s never printed (it prints %s)"
                                % (item["key"], match.group(1), plugin, ", ".join(sorted(printed[plugin]))))
    report("zabbix", "template", problems)


def command_options(conf_path, plugin_dir, planned):
    """Compares every CheckCommand's arguments with its plugin's --help:
    each option of the help must be an argument, and each argument an
    option of the help (or of PLANNED, options announced but not built)."""
    import subprocess
    text = read_text(conf_path)
    skipped = {"--help", "--version", "--format", "--discovery", "--token"}
    for name, body in re.findall(r'object CheckCommand "([^"]+)" \{(.*?)\n\}', text, re.S):
        plugin = os.path.join(plugin_dir, "check_" + name)
        if not os.path.exists(plugin):
            print("# SKIP icinga2 CheckCommand %s: %s is not built" % (name, plugin))
            continue
        help_text = subprocess.run([plugin, "--help"], capture_output=True, text=True,
                                   env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}).stdout
        in_help = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", help_text)) - skipped
        arguments = set(re.findall(r'"(--[a-z][a-z0-9-]*)" = \{', body))
        problems = ["%s is in --help but not an argument" % option for option in sorted(in_help - arguments)]
        for option in sorted(arguments - in_help):
            if option in planned:
                print("# SKIP %s %s: planned, not in --help yet" % (name, option))
            else:
                problems.append("%s is an argument but not in --help" % option)
        for variable in re.findall(r"\$([a-z0-9_]+)\$", body):
            if not variable.startswith(name + "_"):
                problems.append("custom variable %s lacks the prefix %s_" % (variable, name))
        report("icinga2", "CheckCommand %s options" % name, problems)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    command, args = argv[1], argv[2:]
    if command == "nagios":
        command_nagios(*args)
    elif command == "icinga2":
        command_icinga2(*args)
    elif command == "zabbix":
        template = args[5] if len(args) > 5 and args[4] == "--json" else None
        command_zabbix(args[0], args[1], args[2], args[3], template)
    elif command == "template":
        command_template(*args)
    elif command == "options":
        command_options(args[0], args[1], set(args[2:]))
    else:
        sys.exit("unknown subcommand %r\n%s" % (command, __doc__))


if __name__ == "__main__":
    main(sys.argv)
