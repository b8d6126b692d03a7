using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace StackLint.Rules.Model.Programs;

/// <summary>
/// What grouping reads from one .vcxproj or WDK 'sources' file: the sources it lists (as patterns over normalized
/// paths, '*' and '**' wildcards allowed), whether it builds a static library, the names its .lib goes by, and the
/// libraries it links (ProjectReference paths and the '.lib' names of AdditionalDependencies, TARGETLIBS, LINKLIBS).
/// </summary>
internal sealed class ProjectFile
{
    private readonly IReadOnlyList<Regex> _patterns;

    private ProjectFile(string path, ProgramSource source, IReadOnlyList<Regex> patterns)
    {
        Path = path;
        Folder = PathText.DirectoryOf(path);
        Source = source;
        _patterns = patterns;
    }

    public string Path { get; }
    public string Folder { get; }
    public ProgramSource Source { get; }

    /// <summary>True for ConfigurationType StaticLibrary (in any configuration) or TARGETTYPE LIBRARY / DRIVER_LIBRARY.</summary>
    public bool IsLibrary { get; private init; }

    /// <summary>The name to show: the first TargetName / TARGETNAME, else the project file's (or a 'sources' file's folder's) name.</summary>
    public string Name { get; private init; } = "";

    /// <summary>The names another project's '&lt;name&gt;.lib' may call this project's library by.</summary>
    public ImmutableArray<string> LibraryNames { get; private init; } = [];

    /// <summary>The folders the listed sources are in (for a wildcard, the folder before it), in the order listed.</summary>
    public ImmutableArray<string> SourceFolders { get; private init; } = [];

    /// <summary>Full paths of the projects a .vcxproj's ProjectReference items name.</summary>
    public ImmutableArray<string> References { get; private init; } = [];

    /// <summary>The file names (without '.lib') of the libraries the project links.</summary>
    public ImmutableArray<string> LinkedLibraries { get; private init; } = [];

    public bool Lists(string file)
    {
        var normalized = PathText.Normalize(file);
        return _patterns.Any(p => p.IsMatch(normalized));
    }

    public static ProjectFile? FromVcxproj(string path, string text)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
        var stem = System.IO.Path.GetFileNameWithoutExtension(PathText.FileName(path));
        var includes = Items(document, "ClCompile")
            .SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => ResolveFolderProperties(v))
            .Where(v => !v.Contains("$(", StringComparison.Ordinal))
            .ToList();
        var targetNames = Elements(document, "TargetName")
            .Select(v => v.Replace("$(ProjectName)", stem, StringComparison.OrdinalIgnoreCase).Replace("$(MSBuildProjectName)", stem, StringComparison.OrdinalIgnoreCase))
            .Where(v => v.Length > 0 && !v.Contains("$(", StringComparison.Ordinal))
            .ToList();
        return new ProjectFile(path, ProgramSource.VisualStudioProject, Patterns(path, includes))
        {
            SourceFolders = Folders(path, includes),
            IsLibrary = Elements(document, "ConfigurationType").Any(v => string.Equals(v, "StaticLibrary", StringComparison.OrdinalIgnoreCase)),
            Name = targetNames.FirstOrDefault() ?? stem,
            LibraryNames = [.. targetNames.Append(stem).Distinct(StringComparer.OrdinalIgnoreCase)],
            References = ReferencesIn(path, document),
            LinkedLibraries = [.. Elements(document, "AdditionalDependencies").SelectMany(v => v.Split(';')).Select(LibraryName).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }

    public static ProjectFile FromSources(string path, string text)
    {
        var variables = SourcesVariables(text);
        IEnumerable<string> Words(string name) =>
            variables.Where(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase))
                .SelectMany(v => v.Value.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
        var targetNames = Words("TARGETNAME").Where(n => !n.Contains("$(", StringComparison.Ordinal)).ToList();
        return new ProjectFile(path, ProgramSource.SourcesFile, Patterns(path, Words("SOURCES")))
        {
            SourceFolders = Folders(path, [.. Words("SOURCES")]),
            IsLibrary = Words("TARGETTYPE").Any(t => t.Equals("LIBRARY", StringComparison.OrdinalIgnoreCase) || t.Equals("DRIVER_LIBRARY", StringComparison.OrdinalIgnoreCase)),
            Name = targetNames.FirstOrDefault() ?? PathText.FileName(PathText.DirectoryOf(path)),
            LibraryNames = [.. targetNames.Distinct(StringComparer.OrdinalIgnoreCase)],
            LinkedLibraries = [.. Words("TARGETLIBS").Concat(Words("LINKLIBS")).Select(LibraryName).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }

    /// <summary>A .vcxproj or 'sources' file read from its text; null for project XML that does not parse.</summary>
    public static ProjectFile? Read(string path, string text) =>
        path.EndsWith(".vcxproj", StringComparison.OrdinalIgnoreCase) ? FromVcxproj(path, text) : FromSources(path, text);

    /// <summary>The projects a .vcxproj references, read without the rest; empty for a 'sources' file or XML that does not parse.</summary>
    public static ImmutableArray<string> ReferencesIn(string path, string text)
    {
        if (!path.EndsWith(".vcxproj", StringComparison.OrdinalIgnoreCase) || !text.Contains("ProjectReference", StringComparison.Ordinal)) return [];
        try
        {
            return ReferencesIn(path, XDocument.Parse(text));
        }
        catch (System.Xml.XmlException)
        {
            return [];
        }
    }

    private static ImmutableArray<string> ReferencesIn(string path, XDocument document)
    {
        var folder = PathText.DirectoryOf(path);
        return [.. Items(document, "ProjectReference")
            .Select(ResolveFolderProperties)
            .Where(v => v.Length > 0 && !v.Contains("$(", StringComparison.Ordinal))
            .Select(v => PathText.Collapse(IsAbsolute(v) ? v : PathText.Combine(folder, v)))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The Include values of the items of one kind.</summary>
    private static IEnumerable<string> Items(XDocument document, string kind) =>
        document.Descendants().Where(e => e.Name.LocalName == kind).Select(e => e.Attribute("Include")?.Value).OfType<string>();

    /// <summary>The trimmed text of every element of one name, whatever PropertyGroup or configuration holds it.</summary>
    private static IEnumerable<string> Elements(XDocument document, string name) =>
        document.Descendants().Where(e => e.Name.LocalName == name && !e.HasElements).Select(e => e.Value.Trim());

    /// <summary>MSBuild's own folder properties resolve to the project folder; other properties we cannot evaluate.</summary>
    private static string ResolveFolderProperties(string value) =>
        value.Trim()
            .Replace("$(MSBuildThisFileDirectory)", "", StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildProjectDirectory)", ".", StringComparison.OrdinalIgnoreCase)
            .Replace("$(ProjectDir)", "", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// 'ext3' for '$(TARGETPATH)\*\ext3.lib' or '..\lib\$(Platform)\Ext3.LIB': the file name alone, since the folders
    /// are build outputs we cannot evaluate; null for anything that is not a '.lib' with a plain name.
    /// </summary>
    private static string? LibraryName(string item)
    {
        var name = PathText.FileName(item.Trim().Trim('"'));
        if (!name.EndsWith(".lib", StringComparison.OrdinalIgnoreCase)) return null;
        name = name[..^4];
        return name.Length == 0 || name.Contains('$') || name.Contains('%') || name.Contains('*') ? null : name;
    }

    /// <summary>
    /// The 'NAME = value' assignments of a WDK 'sources' file, in order: a '\' at the end of a line continues it, '#'
    /// starts a comment, and every assignment counts whatever '!IF' it sits under (both configurations build).
    /// </summary>
    private static List<(string Name, string Value)> SourcesVariables(string text)
    {
        var joined = Regex.Replace(text, @"\\[ \t]*\r?\n", " ");
        var variables = new List<(string, string)>();
        foreach (var line in joined.Split('\n'))
        {
            var content = line.Split('#')[0];
            var match = Regex.Match(content, @"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$");
            if (match.Success) variables.Add((match.Groups[1].Value, match.Groups[2].Value));
        }
        return variables;
    }

    private static bool IsAbsolute(string path) => path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 1 && path[1] == ':');

    private static ImmutableArray<string> Folders(string projectPath, IReadOnlyList<string> includes)
    {
        var folder = PathText.DirectoryOf(projectPath);
        var folders = new List<string>();
        foreach (var include in includes)
        {
            var full = IsAbsolute(include) ? include : PathText.Combine(folder, include);
            // The folder before a wildcard: what precedes the last separator ahead of it ('src\**\*.c' -> 'src').
            int wildcard = full.IndexOfAny(['*', '?']);
            var directory = PathText.Collapse(PathText.DirectoryOf(wildcard < 0 ? full : full[..wildcard]));
            if (!folders.Any(f => PathText.SameFile(f, directory))) folders.Add(directory);
        }
        return [.. folders];
    }

    private static List<Regex> Patterns(string projectPath, IEnumerable<string> includes)
    {
        var folder = PathText.DirectoryOf(projectPath);
        var patterns = new List<Regex>();
        foreach (var include in includes)
        {
            var full = PathText.Normalize(IsAbsolute(include) ? include : PathText.Combine(folder, include));
            var regex = new StringBuilder("^");
            for (int i = 0; i < full.Length; i++)
            {
                if (full[i] == '*' && i + 1 < full.Length && full[i + 1] == '*')
                {
                    // '**/' matches any number of folders, including none.
                    regex.Append(i + 2 < full.Length && full[i + 2] == '/' ? "(?:.*/)?" : ".*");
                    i += i + 2 < full.Length && full[i + 2] == '/' ? 2 : 1;
                }
                else if (full[i] == '*') regex.Append("[^/]*");
                else if (full[i] == '?') regex.Append("[^/]");
                else regex.Append(Regex.Escape(full[i].ToString()));
            }
            patterns.Add(new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
        }
        return patterns;
    }
}
