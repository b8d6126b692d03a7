using StackLint.Engine;
using StackLint.Frontend;
using StackLint.Rules.Model.Frames;

// frames-probe --arch x64|x86|arm64 [--no-system-headers] [-fFLAG...] [-p compile_commands.json [--cache-dir DIR]] [--explain NAME | --callees | --terms | --call-arguments] FILE...
//   → the FramesReport TSV of every function defined in the given files (or the database's), or one function's terms.
var arch = TargetArch.X64;
var noSystemHeaders = false;
string? explain = null, database = null, cacheDir = null;
var callees = false;
var terms = false;
var callArguments = false;
var paths = new List<string>();
var extra = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--arch" && i + 1 < args.Length)
        arch = TargetArchNames.TryParse(args[++i], out var named) ? named : throw new ArgumentException($"--arch must be x64, x86 or arm64, not '{args[i]}'");
    else if (args[i] == "--explain" && i + 1 < args.Length)
        explain = args[++i];
    else if (args[i] == "--callees")
        callees = true;
    else if (args[i] == "--terms")
        terms = true;
    else if (args[i] == "--call-arguments")
        callArguments = true;
    else if (args[i] == "-p" && i + 1 < args.Length)
        database = args[++i];
    else if (args[i] == "--cache-dir" && i + 1 < args.Length)
        cacheDir = args[++i];
    else if (args[i].StartsWith("-f", StringComparison.Ordinal))
        extra.Add(args[i]);
    else if (args[i] == "--no-system-headers")
        noSystemHeaders = true;
    else
        paths.Add(args[i]);
}

var cwd = Directory.GetCurrentDirectory();
var settings = new AnalysisSettings { Paths = paths, Arch = arch, Jobs = Math.Max(1, Environment.ProcessorCount / 2), CurrentDirectory = cwd, NoSystemHeaders = noSystemHeaders,
    CompileDatabase = database, CacheDirectory = cacheDir, ExtraArgs = extra };
using var workspace = new Workspace(settings, Console.Error);
var result = workspace.Analyze();
foreach (var notice in result.Notices) Console.Error.WriteLine($"{notice.Path}: {notice.Level}: {notice.Message}");
if (callees)
{
    // --callees: per function defined in a unit, its size in facts and how often the unit calls it, to fit which
    // callees an optimizing build inlines (a function inlined at every call has no -fstack-usage line of its own).
    Console.WriteLine("path\tfunction\tlinkage\tinlining\tcalls_to\tbody_nodes\tcalls\tlocals\tparams\tloops\treferenced");
    foreach (var program in result.Programs)
        foreach (var unit in program.Units)
        {
            var counts = unit.Functions.SelectMany(f => f.Calls).Where(c => c.CalleeUsr is not null).GroupBy(c => c.CalleeUsr!).ToDictionary(g => g.Key, g => g.Count());
            var referenced = unit.Functions.SelectMany(f => f.FunctionReferences).Concat(unit.GlobalFunctionReferences).Select(r => r.FunctionUsr).ToHashSet();
            foreach (var f in unit.Functions.Where(f => f.IsInMainFile))
                Console.WriteLine(string.Join('\t', unit.Path, f.Name, f.Linkage, f.Inlining, counts.GetValueOrDefault(f.Usr), f.Body.Length, f.Calls.Length,
                    f.Locals.Length, f.Parameters.Length,
                    f.Body.Count(n => n.Kind is StackLint.Frontend.Facts.BodyNodeKind.For or StackLint.Frontend.Facts.BodyNodeKind.While or StackLint.Frontend.Facts.BodyNodeKind.DoWhile),
                    referenced.Contains(f.Usr)));
        }
    return 0;
}
if (terms)
{
    // --terms: per main-file function, both models' terms and the copies the optimized model inlines, to compare each
    // term with the layout clang reports (-Rpass-analysis=stack-frame-layout).
    Console.WriteLine("path\tfunction\tunoptimized\toptimized\tsaved\tlocals\ttemporaries\thome\toutgoing\tpadding\tinlined\tcopies\tnodes\tcalls\tscalars\tparams\ttries\taddressed\tused\tlive");
    foreach (var program in result.Programs)
    {
        var table = FrameTable.ForProgram(program, FrameModelKind.Unoptimized);
        foreach (var f in program.Functions.Where(f => f.Function.IsInMainFile))
        {
            var e = table[f.Function];
            var t = e.OptimizedTerms;
            var copies = InlineDefinitions.Of(f.Unit).ExpandOptimized(f.Function);
            var fn = f.Function;
            var addressed = fn.Calls.SelectMany(c => c.Arguments).Where(a => a.ByAddress && a.Lvalue is { } l && fn.Locals.Any(x => x.Name == l && !x.Type.IsAggregate))
                .Select(a => a.Lvalue).Distinct().Count();
            var scalarNames = fn.Locals.Where(l => !l.Type.IsAggregate).Select(l => l.Name).Concat(fn.Parameters.Select(p => p.Name)).ToHashSet();
            var used = fn.Calls.SelectMany(c => c.Arguments).Select(a => a.Lvalue)
                .Concat(fn.Body.Where(n => n.Condition is not null).SelectMany(n => new[] { n.Condition!.Left.Name, n.Condition.Right?.Name }))
                .Where(n => n is not null && scalarNames.Contains(n)).Distinct().Count();
            var live = LiveAcrossCalls(fn);
            Console.WriteLine(string.Join('\t', f.Path, f.Name, e.Unoptimized, e.Optimized, t.SavedRegisters, t.Locals, t.Temporaries, t.HomeArea,
                t.OutgoingArguments, t.Padding, t.Inlined, string.Join(',', copies.Select(c => c.Callee.Name)),
                fn.Body.Length + copies.Sum(c => c.Callee.Body.Length), fn.Calls.Length + copies.Sum(c => c.Callee.Calls.Length),
                fn.Locals.Count(l => !l.Type.IsAggregate), fn.Parameters.Length, fn.Body.Count(n => n.Kind == StackLint.Frontend.Facts.BodyNodeKind.Try), addressed, used, live));
        }
    }
    return 0;
}
if (callArguments)
{
    // --call-arguments: per main-file function, every call that stays a call at -O0 (its own and its force-inlined
    // copies') with one letter per argument, to compare the -O0 register pressure of calls with the registers clang
    // saves (-Rpass-analysis=stack-frame-layout). C constant, S string literal, A '&variable', P pointer lvalue,
    // V scalar lvalue or value, W a scalar wider than a register, X contains a call, R record, ? other; a leading '*' marks an indirect call and a
    // leading '+' a call of an inlined copy (whose parameters are loaded from their slots).
    Console.WriteLine("path\tfunction\tunoptimized\ttries\tcalls");
    foreach (var program in result.Programs)
    {
        var table = FrameTable.ForProgram(program, FrameModelKind.Unoptimized);
        foreach (var f in program.Functions.Where(f => f.Function.IsInMainFile))
        {
            var inlines = InlineDefinitions.Of(f.Unit);
            var sites = new List<string>();
            void Add(StackLint.Frontend.Facts.FunctionFacts fn, bool copy)
            {
                foreach (var c in fn.Calls)
                {
                    if (inlines.Resolve(c) is not null) continue;
                    var letters = string.Concat(c.Arguments.Select(a =>
                        a.ContainsCall ? 'X' : a.ConstantValue is not null ? 'C' : a.StringLiteral is not null ? 'S'
                        : a.Type.Category == StackLint.Frontend.Facts.TypeCategory.Record ? 'R'
                        : a.ByAddress ? 'A'
                        : a.Type.Category is StackLint.Frontend.Facts.TypeCategory.Pointer or StackLint.Frontend.Facts.TypeCategory.Array ? (a.Lvalue is null ? '?' : 'P')
                        : a.Type.Size > (arch == TargetArch.X86 ? 4 : 8) ? 'W' : 'V'));
                    sites.Add((copy ? "+" : "") + (c.IsIndirect ? "*" : "") + (c.CalleeName ?? "?") + ":" + letters);
                }
            }
            Add(f.Function, false);
            foreach (var copy in inlines.Expand(f.Function)) Add(copy.Callee, true);
            int tries = f.Function.Body.Count(n => n.Kind == StackLint.Frontend.Facts.BodyNodeKind.Try);
            Console.WriteLine(string.Join('\t', f.Path, f.Name, table[f.Function].Unoptimized, tries, string.Join(' ', sites)));
        }
    }
    return 0;
}
if (explain is not null)
{
    // --explain NAME: the terms of one function's estimate and the facts they come from, for calibration work.
    foreach (var program in result.Programs)
        foreach (var f in program.Functions.Where(f => f.Name == explain))
        {
            var e = FrameTable.ForProgram(program, FrameModelKind.Unoptimized)[f.Function];
            Console.WriteLine($"{f.Path}: {f.Name}\n  unoptimized {e.UnoptimizedTerms}\n  optimized {e.OptimizedTerms}");
            foreach (var p in f.Function.Parameters) Console.WriteLine($"  param {p.Name}: {p.Type}");
            foreach (var l in f.Function.Locals) Console.WriteLine($"  local {l.Name}: {l.Type} scope {l.ScopeId}");
            foreach (var l in f.Function.CompoundLiterals) Console.WriteLine($"  literal {l.Name}: {l.Type}");
            foreach (var c in f.Function.Calls) Console.WriteLine($"  call {c.CalleeName ?? c.IndirectExpression}({string.Join(", ", c.Arguments.Select(a => a.Type.Spelling + (a.ConstantValue is null ? "" : "=" + a.ConstantValue) + (a.Lvalue is null ? "" : " @" + a.Lvalue)))}){(c.ResultType is null ? "" : " -> " + c.ResultType.Spelling + (c.InitializesVariable ? " (init)" : ""))}");
            foreach (var copy in StackLint.Rules.Model.Frames.InlineDefinitions.Of(f.Unit).Expand(f.Function))
                Console.WriteLine($"  inlined {copy.Callee.Name} at line {copy.Site.Location.Line}: {copy.Callee.Parameters.Length} params, {copy.Callee.Locals.Length} locals, {copy.Callee.Calls.Length} calls");
            Console.WriteLine($"  returns: {f.Function.Body.Count(n => n.Kind == StackLint.Frontend.Facts.BodyNodeKind.Return)}");
        }
    return 0;
}
FramesReport.Write(Console.Out, result.Programs, new DisplayPaths(cwd).Show);
return 0;

static int LiveAcrossCalls(StackLint.Frontend.Facts.FunctionFacts fn)
{
    var scalars = fn.Locals.Where(l => !l.Type.IsAggregate).Select(l => l.Name).ToHashSet();
    var parameters = fn.Parameters.Select(p => p.Name).ToHashSet();
    var first = new Dictionary<string, int>(); var last = new Dictionary<string, int>();
    void Use(string? name, int at)
    {
        if (name is null || !(scalars.Contains(name) || parameters.Contains(name))) return;
        if (!first.ContainsKey(name)) first[name] = parameters.Contains(name) ? -1 : at;
        first[name] = Math.Min(first[name], at); last[name] = Math.Max(last.GetValueOrDefault(name, at), at);
    }
    var callNodes = new List<int>();
    var byCall = fn.Calls.ToDictionary(c => c.Index);
    foreach (var n in fn.Body)
    {
        if (n.Kind == StackLint.Frontend.Facts.BodyNodeKind.Call && n.CallIndex >= 0 && byCall.TryGetValue(n.CallIndex, out var call))
        {
            callNodes.Add(n.Id);
            foreach (var a in call.Arguments) Use(a.Lvalue, n.Id);
        }
        if (n.Condition is { } c) { Use(c.Left.Name, n.Id); Use(c.Right?.Name, n.Id); }
    }
    foreach (var a in fn.Assignments) Use(a.Target, a.Order - 1);
    foreach (var p in parameters) if (last.ContainsKey(p)) first[p] = -1;
    int count = 0;
    foreach (var (name, start) in first)
        if (callNodes.Any(id => id > start && id < last[name])) count++;
    return count;
}
