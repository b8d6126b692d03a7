using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace StackLint.Rules.Configuration;

/// <summary>An invalid configuration value: the CLI prints it and exits with the configuration-error code.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>
/// Rule options from .editorconfig files, read with Roslyn's own AnalyzerConfig/AnalyzerConfigSet so globs,
/// sections, 'root = true' and nearest-file-wins behave exactly as they do for Roslyn analyzers. Files are
/// discovered from each source file's folder upwards; '--config FILE' adds a file that applies everywhere and that
/// any .editorconfig beside the sources overrides: its keys before the first section apply to every file, and its
/// sections match as if the file sat at the root of the source file's volume ('[*.c]' is every C file).
/// </summary>
public sealed class EditorConfigOptions : IRuleOptions
{
    private readonly AnalyzerConfigSet _set;
    private readonly ConcurrentDictionary<string, AnalyzerConfigOptionsResult> _bySource = new(StringComparer.Ordinal);

    // The --config file: its text (null without one), whether it declares itself a Roslyn global config, and one set
    // per volume root, built when a source on that root first asks.
    private readonly string? _extraText;
    private readonly string? _extraPath;
    private readonly bool _extraIsGlobal;
    private readonly ConcurrentDictionary<string, AnalyzerConfigSet> _extraByRoot = new(StringComparer.Ordinal);

    private EditorConfigOptions(AnalyzerConfigSet set, ImmutableArray<string> files, ImmutableArray<string> warnings, string? extraPath, string? extraText)
    {
        _set = set;
        Files = files;
        Warnings = warnings;
        _extraPath = extraPath;
        _extraText = extraText;
        _extraIsGlobal = extraText is not null && DeclaresGlobal(extraText);
    }

    /// <summary>The configuration files in effect, for --verbose.</summary>
    public ImmutableArray<string> Files { get; }

    /// <summary>Lines that are not valid .editorconfig syntax: reported, ignored, the rest applies.</summary>
    public ImmutableArray<string> Warnings { get; }

    /// <summary>
    /// Loads every .editorconfig that applies to the given source files plus the optional extra file.
    /// Throws ConfigurationException for an unreadable file or an invalid StackLint value.
    /// </summary>
    public static EditorConfigOptions Load(IEnumerable<string> sourcePaths, string? extraConfigPath, Func<string, string?>? validateOption = null)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sourcePaths)
        {
            for (var dir = Path.GetDirectoryName(Path.GetFullPath(source)); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (!visited.Add(dir)) break;
                var candidate = Path.Combine(dir, ".editorconfig");
                if (File.Exists(candidate)) files.Add(candidate);
            }
        }

        var configs = new List<AnalyzerConfig>();
        var warnings = new List<string>();
        foreach (var file in files)
        {
            var text = ReadConfig(file);
            warnings.AddRange(Validate(file, text, validateOption));
            configs.Add(AnalyzerConfig.Parse(text, file));
        }

        string? extraPath = null, extraText = null;
        if (extraConfigPath is not null)
        {
            extraPath = Path.GetFullPath(extraConfigPath);
            extraText = ReadConfig(extraPath);
            warnings.AddRange(Validate(extraPath, extraText, validateOption));
            files.Add(extraPath);
        }

        var set = AnalyzerConfigSet.Create(configs, out _);
        return new EditorConfigOptions(set, [.. files], [.. warnings], extraPath, extraText);
    }

    // Nearest .editorconfig first (its sections, then any global config among them), then the --config file's
    // sections, then its keys before the first section.
    public string? GetValue(string sourcePath, string key)
    {
        var result = OptionsFor(sourcePath);
        if (result.AnalyzerOptions.TryGetValue(key, out var value)) return value;
        if (_set.GlobalConfigOptions.AnalyzerOptions.TryGetValue(key, out var global)) return global;
        if (ExtraFor(sourcePath) is not { } extra) return null;
        if (!string.IsNullOrEmpty(sourcePath) && extra.GetOptionsForSourcePath(Path.GetFullPath(sourcePath)).AnalyzerOptions.TryGetValue(key, out var sectioned)) return sectioned;
        return extra.GlobalConfigOptions.AnalyzerOptions.TryGetValue(key, out var everywhere) ? everywhere : null;
    }

    public ReportDiagnostic? GetSeverity(string sourcePath, string ruleId)
    {
        var result = OptionsFor(sourcePath);
        if (result.TreeOptions.TryGetValue(ruleId, out var severity)) return severity;
        if (_set.GlobalConfigOptions.TreeOptions.TryGetValue(ruleId, out var global)) return global;
        if (ExtraFor(sourcePath) is not { } extra) return null;
        if (!string.IsNullOrEmpty(sourcePath) && extra.GetOptionsForSourcePath(Path.GetFullPath(sourcePath)).TreeOptions.TryGetValue(ruleId, out var sectioned)) return sectioned;
        return extra.GlobalConfigOptions.TreeOptions.TryGetValue(ruleId, out var everywhere) ? everywhere : null;
    }

    /// <summary>
    /// The --config file as Roslyn sees it for sources on one volume: its keys before the first section as a global
    /// config (Roslyn needs the marker line), and its sections as an .editorconfig at the volume's root. A Roslyn
    /// global config ignores '[*.c]' sections (only absolute paths name sections there), so a file copied from an
    /// .editorconfig would otherwise change nothing. A file that says 'is_global' itself is taken as written.
    /// </summary>
    private AnalyzerConfigSet? ExtraFor(string sourcePath)
    {
        if (_extraText is null || _extraPath is null) return null;
        var root = string.IsNullOrEmpty(sourcePath) ? "" : Path.GetPathRoot(Path.GetFullPath(sourcePath)) ?? "";
        return _extraByRoot.GetOrAdd(root, r =>
        {
            var global = _extraIsGlobal ? _extraText : "is_global = true\n" + _extraText;
            var configs = new List<AnalyzerConfig> { AnalyzerConfig.Parse(global, _extraPath) };
            if (!_extraIsGlobal && r.Length > 0)
                configs.Add(AnalyzerConfig.Parse(_extraText, Path.Combine(r, ".editorconfig")));
            return AnalyzerConfigSet.Create(configs, out _);
        });
    }

    private static bool DeclaresGlobal(string text) =>
        text.Split('\n').Any(line => line.Trim().StartsWith("is_global", StringComparison.OrdinalIgnoreCase));

    // Rules ask per function and per finding, tens of thousands of times a run, with the same few thousand paths:
    // remember each path as asked, so the full path is worked out once, not on every question.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AnalyzerConfigOptionsResult> _byPathAsked = new(StringComparer.Ordinal);

    private AnalyzerConfigOptionsResult OptionsFor(string sourcePath) =>
        string.IsNullOrEmpty(sourcePath)
            ? _set.GlobalConfigOptions
            : _byPathAsked.TryGetValue(sourcePath, out var known)
                ? known
                : _byPathAsked.GetOrAdd(sourcePath, p => _bySource.GetOrAdd(Path.GetFullPath(p), full => _set.GetOptionsForSourcePath(full)));

    private static string ReadConfig(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot read configuration: {e.Message}");
        }
    }

    private static readonly string[] Severities = ["error", "warning", "suggestion", "silent", "none", "default", "hidden", "info"];

    /// <summary>
    /// Checks each line. Syntax errors become warnings (the file's other lines still apply, as in Roslyn);
    /// a StackLint key with an invalid value is a configuration error, because silently running with a
    /// different threshold than the one the user wrote would be worse than stopping.
    /// </summary>
    private static IEnumerable<string> Validate(string path, string text, Func<string, string?>? validateOption)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                if (!line.EndsWith(']')) yield return $"{path}({i + 1}): warning: malformed section header '{line}' is ignored";
                continue;
            }

            int eq = line.IndexOfAny(['=', ':']);
            if (eq <= 0)
            {
                yield return $"{path}({i + 1}): warning: '{line}' is not a 'key = value' line and is ignored";
                continue;
            }

            var key = line[..eq].Trim().ToLowerInvariant();
            var value = line[(eq + 1)..].Trim();
            int comment = value.IndexOfAny(['#', ';']);
            if (comment >= 0 && key.StartsWith("stacklint.", StringComparison.Ordinal)) value = value[..comment].Trim();

            if (key.StartsWith("dotnet_diagnostic.sl", StringComparison.Ordinal) && key.EndsWith(".severity", StringComparison.Ordinal))
            {
                if (!Severities.Contains(value.ToLowerInvariant()))
                    throw new ConfigurationException($"{path}({i + 1}): invalid value '{value}' for '{key}': expected error, warning, suggestion, silent or none");
            }
            else if (key.StartsWith("stacklint.", StringComparison.Ordinal) && validateOption is not null)
            {
                var kind = validateOption(key)
                    ?? throw new ConfigurationException($"{path}({i + 1}): unknown option '{key}'");
                if (!IsValid(kind, value))
                    throw new ConfigurationException($"{path}({i + 1}): invalid value '{value}' for '{key}': expected {Describe(kind)}");
            }
        }
    }

    private static bool IsValid(string kind, string value) => kind switch
    {
        OptionKinds.Size => OptionValues.TryParseSize(value, out _),
        OptionKinds.FrameModel => value is "unoptimized" or "optimized",
        OptionKinds.ApiList => value.Split(',').All(p => p.Trim().TrimStart('+', '-').All(c => char.IsLetterOrDigit(c) || c == '_')),
        _ => true,
    };

    private static string Describe(string kind) => kind switch
    {
        OptionKinds.Size => "a size in bytes (e.g. 1024, 0x400 or 1k)",
        OptionKinds.FrameModel => "'unoptimized' or 'optimized'",
        OptionKinds.ApiList => "a comma-separated list of function names, each optionally prefixed with + or -",
        _ => kind,
    };
}

/// <summary>The kinds of value a StackLint option can take, for validation and docs.</summary>
public static class OptionKinds
{
    public const string Size = "size";
    public const string FrameModel = "frame-model";
    public const string ApiList = "api-list";
}
