using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Xml.Linq;

namespace StackLint.Frontend;

/// <summary>What a .vcxproj gives the files it lists: include folders and the defines every configuration has.</summary>
internal sealed record ProjectSettings(ImmutableArray<string> IncludeFolders, ImmutableArray<string> Defines)
{
    public static readonly ProjectSettings None = new([], []);
}

/// <summary>
/// Without a compilation database, what a Visual Studio driver project gives its files: the AdditionalIncludeDirectories
/// of the .vcxproj that lists the file ('.\include', '..\..\VirtIO', '$(ProjectDir)Disasm'), and the
/// PreprocessorDefinitions all its configurations share ('__KERNEL__', 'POOL_NX_OPTIN=1'; not Debug's 'DBG=1').
/// Without them every file of a driver whose headers sit in a folder of their own fails on its first #include, and
/// its findings are lost. What MSBuild alone can evaluate is left out: other properties ('$(IntDir)', '$(DDK_INC_PATH)'),
/// the inherited '%(AdditionalIncludeDirectories)', imported property sheets, per-file settings. Folders of every
/// configuration are taken, in the project's order; a folder that does not exist is skipped. Projects are read again
/// when they change on disk.
/// </summary>
internal sealed class ProjectCompileSettings
{
    private sealed record Project(DateTime WriteTime, long Length, ImmutableHashSet<string> Sources, ProjectSettings Settings);

    private readonly ConcurrentDictionary<string, Project?> _projects = new(StringComparer.Ordinal);

    // Each folder is listed once per environment (a run, or an editor session): the projects in it are then checked
    // for changes on every use, but a project added later is not seen.
    private readonly ConcurrentDictionary<string, string[]> _listings = new(StringComparer.Ordinal);

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// The settings for <paramref name="sourcePath"/>: those of the nearest .vcxproj in its folder or above that lists
    /// it as a ClCompile item (of two in one folder, the first by name); else, for a file no project lists (a header
    /// opened in the editor, a file left out of the build), those of the first project in the nearest folder with one.
    /// </summary>
    public ProjectSettings For(string sourcePath)
    {
        var full = Path.GetFullPath(sourcePath);
        ProjectSettings? nearest = null;
        for (var folder = Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            foreach (var path in _listings.GetOrAdd(folder, ListProjects))
            {
                if (Read(path) is not { } project) continue;
                if (project.Sources.Contains(Key(full))) return project.Settings;
                nearest ??= project.Settings;
            }
        }

        return nearest ?? ProjectSettings.None;
    }

    private static string[] ListProjects(string folder)
    {
        try
        {
            var projects = Directory.GetFiles(folder, "*.vcxproj");
            Array.Sort(projects, StringComparer.Ordinal);
            return projects;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Key(string path) => OperatingSystem.IsWindows() ? path.ToUpperInvariant() : path;

    private Project? Read(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists) return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (_projects.TryGetValue(path, out var known) && known is not null && known.WriteTime == info.LastWriteTimeUtc && known.Length == info.Length)
            return known;
        var project = Parse(path, info);
        _projects[path] = project;
        return project;
    }

    private static Project? Parse(string path, FileInfo info)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            return null;
        }

        var folder = Path.GetDirectoryName(path)!;
        var sources = document.Descendants()
            .Where(e => e.Name.LocalName == "ClCompile" && e.Attribute("Include") is not null)
            .SelectMany(e => e.Attribute("Include")!.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => Expand(v, folder))
            .OfType<string>()
            .Select(v => Key(Path.GetFullPath(v, folder)))
            .ToImmutableHashSet();
        var includeFolders = document.Descendants()
            .Where(e => e.Name.LocalName == "AdditionalIncludeDirectories")
            .SelectMany(e => e.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => Expand(v, folder))
            .OfType<string>()
            .Select(v => ExistingFolder(Path.GetFullPath(v, folder)))
            .OfType<string>()
            .Distinct(PathComparer)
            .ToImmutableArray();
        return new Project(info.LastWriteTimeUtc, info.Length, sources, new ProjectSettings(includeFolders, SharedDefines(document, folder)));
    }

    /// <summary>
    /// The PreprocessorDefinitions of every ItemDefinitionGroup that has any (one per configuration, usually), kept when
    /// all of them have it: a Debug-only 'DBG=1' or an x64-only '_AMD64_' is not the project's to say.
    /// </summary>
    private static ImmutableArray<string> SharedDefines(XDocument document, string folder)
    {
        var perGroup = document.Descendants()
            .Where(e => e.Name.LocalName == "ItemDefinitionGroup")
            .Select(g => g.Descendants()
                .Where(e => e.Name.LocalName == "PreprocessorDefinitions" && e.Parent?.Name.LocalName == "ClCompile")
                .SelectMany(e => e.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(d => Expand(d, folder) is not null)
                .ToList())
            .Where(list => list.Count > 0)
            .ToList();
        if (perGroup.Count == 0) return [];
        return [.. perGroup[0].Distinct(StringComparer.Ordinal).Where(d => perGroup.All(list => list.Contains(d, StringComparer.Ordinal)))];
    }

    /// <summary>The value with the project-folder properties put in, or null when another property or an item metadata remains.</summary>
    private static string? Expand(string value, string projectFolder)
    {
        var withSlash = projectFolder.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
        var expanded = value
            .Replace("$(ProjectDir)", withSlash, StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildProjectDirectory)", projectFolder, StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildThisFileDirectory)", withSlash, StringComparison.OrdinalIgnoreCase);
        if (expanded.Contains("$(", StringComparison.Ordinal) || expanded.Contains("%(", StringComparison.Ordinal) || expanded.Length == 0)
            return null;
        return OperatingSystem.IsWindows() ? expanded : expanded.Replace('\\', '/');
    }

    /// <summary>
    /// The folder as it exists on disk: projects written on Windows name '..\Virtio' for 'VirtIO', so on a case-sensitive
    /// file system each missing component is looked up ignoring case. Null when there is no such folder.
    /// </summary>
    private static string? ExistingFolder(string path)
    {
        if (Directory.Exists(path)) return path;
        if (OperatingSystem.IsWindows()) return null;
        var current = Path.GetPathRoot(path);
        if (string.IsNullOrEmpty(current)) return null;
        foreach (var part in path[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var exact = Path.Combine(current, part);
            if (Directory.Exists(exact))
            {
                current = exact;
                continue;
            }

            string[] candidates;
            try
            {
                candidates = Directory.GetDirectories(current);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            var match = candidates.Order(StringComparer.Ordinal)
                .FirstOrDefault(c => string.Equals(Path.GetFileName(c), part, StringComparison.OrdinalIgnoreCase));
            if (match is null) return null;
            current = match;
        }

        return current.TrimEnd('/');
    }
}
