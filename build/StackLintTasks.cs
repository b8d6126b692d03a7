// MSBuild tasks of StackLint.targets. Built ahead of time into StackLint.MSBuild.dll (src/MsBuild, netstandard2.0),
// which ships next to the targets; when only this file sits there (a source checkout), RoslynCodeTaskFactory compiles
// it on the target's first run. Plain C# with no package references, so it builds for .NET Framework MSBuild as well
// as .NET MSBuild.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Writes a compile_commands.json with one entry per ClCompile item, in cl.exe spelling, from the item's own
/// settings (AdditionalIncludeDirectories, PreprocessorDefinitions, UndefinePreprocessorDefinitions,
/// ForcedIncludeFiles) and the project's system include folders. A file, not a command line: no length limit.
/// </summary>
public sealed class StackLintWriteCompileCommands : Task
{
    [Required] public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project's system include folders ($(IncludePath): the WDK's km, shared and crt folders in a WDK project).</summary>
    public string SystemIncludePath { get; set; } = "";

    /// <summary>Macros added to every entry unless an item defines them already (KMDF_VERSION_MAJOR=1, ...).</summary>
    public string ExtraDefines { get; set; } = "";

    [Required] public string Directory { get; set; } = "";

    [Required] public string OutputFile { get; set; } = "";

    public override bool Execute()
    {
        var json = new StringBuilder("[\n");
        var first = true;
        foreach (var source in Sources)
        {
            var arguments = new List<string> { "cl.exe" };
            foreach (var dir in Split(source.GetMetadata("AdditionalIncludeDirectories")))
                arguments.Add("/I" + dir);
            foreach (var dir in Split(SystemIncludePath))
                arguments.Add("/external:I" + dir);
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var define in Split(source.GetMetadata("PreprocessorDefinitions")))
            {
                arguments.Add("/D" + define);
                defined.Add(MacroName(define));
            }
            foreach (var define in Split(ExtraDefines))
                if (!defined.Contains(MacroName(define))) arguments.Add("/D" + define);
            foreach (var undefine in Split(source.GetMetadata("UndefinePreprocessorDefinitions")))
                arguments.Add("/U" + undefine);
            foreach (var forced in Split(source.GetMetadata("ForcedIncludeFiles")))
                arguments.Add("/FI" + forced);
            arguments.Add(source.GetMetadata("FullPath"));

            if (!first) json.Append(",\n");
            first = false;
            // A referenced library's source keeps its own project's folder: its relative settings are relative to it.
            var directory = source.GetMetadata("StackLintDirectory");
            json.Append("  {\n    \"directory\": ").Append(Quote(directory.Length > 0 ? directory : Directory))
                .Append(",\n    \"file\": ").Append(Quote(source.GetMetadata("FullPath")))
                .Append(",\n    \"arguments\": [");
            for (var i = 0; i < arguments.Count; i++)
                json.Append(i == 0 ? "" : ", ").Append(Quote(arguments[i]));
            json.Append("]\n  }");
        }
        json.Append(first ? "]\n" : "\n]\n");

        var text = json.ToString();
        // Rewritten only when it changed, so its time stamp says when the project's settings last did.
        if (File.Exists(OutputFile) && File.ReadAllText(OutputFile) == text) return true;
        var folder = Path.GetDirectoryName(OutputFile);
        if (!string.IsNullOrEmpty(folder)) System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(OutputFile, text, new UTF8Encoding(false));
        return true;
    }

    /// <summary>A ';'-separated MSBuild list without empty entries and without a '%(Name)' left unexpanded.</summary>
    private static IEnumerable<string> Split(string list)
    {
        foreach (var part in list.Split(';'))
        {
            var value = part.Trim();
            if (value.Length == 0 || value.StartsWith("%(", StringComparison.Ordinal)) continue;
            yield return value;
        }
    }

    private static string MacroName(string define)
    {
        var end = define.IndexOfAny(new[] { '=', '#' });
        return end < 0 ? define : define.Substring(0, end);
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ') builder.Append("\\u").Append(((int)c).ToString("x4"));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }
}

/// <summary>
/// Turns stacklint's canonical-format lines ("file(line,col): warning SL1002: message") into MSBuild warnings and
/// errors for the Error List. A finding is an MSBuild error only when its severity is at or above StackLintFailOn,
/// so a rule configured as 'error' never fails a build that asked for report only (StackLintFailOn=none).
/// </summary>
public sealed class StackLintReportFindings : Task
{
    private static readonly Regex Finding = new Regex(@"^(?<file>.+?)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning|info) (?<code>SL\d{4}): (?<message>.*)$");
    private static readonly Regex Notice = new Regex(@"^(?<file>.+?)(\((?<line>\d+)\))?: (?<level>error|warning|note): (?<message>.*)$");

    public ITaskItem[] Lines { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>error, warning, note or none.</summary>
    [Required] public string FailOn { get; set; } = "none";

    [Required] public int ExitCode { get; set; }

    [Required] public string ProjectDirectory { get; set; } = "";

    public override bool Execute()
    {
        var threshold = Rank(FailOn.ToLowerInvariant());
        foreach (var item in Lines)
        {
            var line = item.ItemSpec;
            var finding = Finding.Match(line);
            if (finding.Success)
            {
                var file = FullPath(finding.Groups["file"].Value);
                var lineNumber = int.Parse(finding.Groups["line"].Value);
                var column = int.Parse(finding.Groups["column"].Value);
                var severity = finding.Groups["severity"].Value;
                var code = finding.Groups["code"].Value;
                var message = finding.Groups["message"].Value;
                var rank = Rank(severity == "info" ? "note" : severity);
                if (threshold > 0 && rank >= threshold)
                    Log.LogError("StackLint", code, null, file, lineNumber, column, 0, 0, message);
                else if (severity == "info")
                    Log.LogMessage("StackLint", code, null, file, lineNumber, column, 0, 0, MessageImportance.High, message);
                else
                    Log.LogWarning("StackLint", code, null, file, lineNumber, column, 0, 0, message);
                continue;
            }

            if (line.StartsWith("stacklint: error:", StringComparison.Ordinal) || line.StartsWith("stacklint: internal error:", StringComparison.Ordinal))
            {
                Log.LogError(line);
                continue;
            }

            var notice = Notice.Match(line);
            if (notice.Success && !line.StartsWith("stacklint:", StringComparison.Ordinal))
            {
                // A file that could not be analyzed (or only partly): a warning, never a build break of its own.
                var lineNumber = notice.Groups["line"].Success ? int.Parse(notice.Groups["line"].Value) : 0;
                var text = "StackLint: " + notice.Groups["message"].Value;
                if (notice.Groups["level"].Value == "note")
                    Log.LogMessage("StackLint", null, null, FullPath(notice.Groups["file"].Value), lineNumber, 0, 0, 0, MessageImportance.High, text);
                else
                    Log.LogWarning("StackLint", null, null, FullPath(notice.Groups["file"].Value), lineNumber, 0, 0, 0, text);
                continue;
            }

            Log.LogMessage(MessageImportance.High, line);
        }

        // 1 means findings at or above --fail-on (already errors above); 2 and 3 mean stacklint could not run.
        if (ExitCode >= 2 && !Log.HasLoggedErrors)
            Log.LogError("StackLint", null, null, ProjectDirectory, 0, 0, 0, 0, "stacklint exited with code " + ExitCode + " (2: usage or configuration error, 3: libclang missing); see the lines above");
        return !Log.HasLoggedErrors;
    }

    private string FullPath(string file)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(ProjectDirectory, file));
        }
        catch (ArgumentException)
        {
            return file;
        }
    }

    private static int Rank(string level)
    {
        switch (level)
        {
            case "error": return 3;
            case "warning": return 2;
            case "note": return 1;
            default: return 0;
        }
    }
}
