using StackLint.Cli;
using StackLint.Frontend;
using StackLint.Rules.Model.Frames;

// frames-probe --arch x64|x86|arm64 [--no-system-headers] FILE...  → the FramesReport TSV of every function defined in the given files.
var arch = TargetArch.X64;
var noSystemHeaders = false;
var paths = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--arch" && i + 1 < args.Length)
        arch = args[++i].ToLowerInvariant() switch { "x86" => TargetArch.X86, "arm64" => TargetArch.Arm64, _ => TargetArch.X64 };
    else if (args[i] == "--no-system-headers")
        noSystemHeaders = true;
    else
        paths.Add(args[i]);
}

var cwd = Directory.GetCurrentDirectory();
var settings = new AnalysisSettings { Paths = paths, Arch = arch, Jobs = Math.Max(1, Environment.ProcessorCount / 2), CurrentDirectory = cwd, NoSystemHeaders = noSystemHeaders };
var result = AnalysisPipeline.Run(settings, Console.Error);
foreach (var notice in result.Notices) Console.Error.WriteLine($"{notice.Path}: {notice.Level}: {notice.Message}");
FramesReport.Write(Console.Out, result.Programs, new DisplayPaths(cwd).Show);
return 0;
