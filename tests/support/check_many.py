"""Check many (problem, solution) pairs with the independent checker in one
process. Usage: check_many.py TOOLS_DIR LIST_FILE, where LIST_FILE has one
"PROBLEM<TAB>SOLUTION" per line. Prints one JSON report per line, in order:
{"ok": bool, "violations": [...], "cost": {...}} or {"ok": false, "errors": [...]}."""
import json
import sys

sys.path.insert(0, sys.argv[1])
import ponte_spec as ps  # noqa: E402

problems = {}
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line:
        continue
    problem_path, solution_path = line.split("\t")
    if problem_path not in problems:
        problems[problem_path] = ps.load_problem_file(problem_path)
    loaded = problems[problem_path]
    if not loaded.ok:
        print(json.dumps({"ok": False, "errors": [e.to_json() for e in loaded.errors]}))
        continue
    try:
        solution = ps.read_json_file(solution_path)
    except ps.JsonFileError as exc:
        print(json.dumps({"ok": False, "errors": [{"code": exc.code, "path": "$", "message": exc.message}]}))
        continue
    print(json.dumps(ps.check(loaded.problem, solution).to_json()))
