using StackLint.Engine;
using StackLint.Frontend;
using StackLint.Rules.Model.Frames;

// frames-probe --arch x64|x86|arm64 [--no-system-headers] FILE...  → the FramesReport TSV of every function defined in the given files.
var arch = TargetArch.X64;
var noSystemHeaders = false;
string? explain = null;
var paths = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--arch" && i + 1 < args.Length)
        arch = args[++i].ToLowerInvariant() switch { "x86" => TargetArch.X86, "arm64" => TargetArch.Arm64, _ => TargetArch.X64 };
    else if (args[i] == "--explain" && i + 1 < args.Length)
        explain = args[++i];
    else if (args[i] == "--no-system-headers")
        noSystemHeaders = true;
    else
        paths.Add(args[i]);
}

var cwd = Directory.GetCurrentDirectory();
var settings = new AnalysisSettings { Paths = paths, Arch = arch, Jobs = Math.Max(1, Environment.ProcessorCount / 2), CurrentDirectory = cwd, NoSystemHeaders = noSystemHeaders };
using var workspace = new Workspace(settings, Console.Error);
var result = workspace.Analyze();
foreach (var notice in result.Notices) Console.Error.WriteLine($"{notice.Path}: {notice.Level}: {notice.Message}");
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
            foreach (var c in f.Function.Calls) Console.WriteLine($"  call {c.CalleeName ?? c.IndirectExpression}({string.Join(", ", c.Arguments.Select(a => a.Type.Spelling + (a.ConstantValue is null ? "" : "=" + a.ConstantValue)))})");
            Console.WriteLine($"  returns: {f.Function.Body.Count(n => n.Kind == StackLint.Frontend.Facts.BodyNodeKind.Return)}");
        }
    return 0;
}
FramesReport.Write(Console.Out, result.Programs, new DisplayPaths(cwd).Show);
return 0;
