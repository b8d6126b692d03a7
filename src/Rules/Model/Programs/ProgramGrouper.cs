using System.Collections.Immutable;
using System.Text;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Programs;

/// <summary>What the grouper may read from disk: injected so that tests can use Windows paths on any OS.</summary>
public interface IProgramFileSystem
{
    /// <summary>Full paths of the files directly in a folder; empty when the folder does not exist.</summary>
    IEnumerable<string> EnumerateFiles(string directory);

    /// <summary>A file's text, or null when it cannot be read.</summary>
    string? ReadAllText(string path);
}

/// <summary>The real file system.</summary>
public sealed class PhysicalProgramFileSystem : IProgramFileSystem
{
    public static readonly PhysicalProgramFileSystem Instance = new();

    public IEnumerable<string> EnumerateFiles(string directory)
    {
        try
        {
            return Directory.Exists(directory) ? Directory.EnumerateFiles(directory).ToList() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public string? ReadAllText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>A file to be analyzed and whether it defines DriverEntry.</summary>
public sealed record AnalyzedFile(string Path, bool DefinesDriverEntry)
{
    public static AnalyzedFile From(TranslationUnitFacts unit) =>
        new(unit.Path, unit.Functions.Any(f => f.IsInMainFile && string.Equals(f.Name, "DriverEntry", StringComparison.Ordinal)));
}

/// <summary>Why a set of files was taken as one program.</summary>
public enum ProgramSource
{
    /// <summary>'--program DIR' on the command line.</summary>
    ProgramOption,
    /// <summary>The ClCompile items of a .vcxproj.</summary>
    VisualStudioProject,
    /// <summary>The SOURCES= list of a WDK 'sources' file.</summary>
    SourcesFile,
    /// <summary>The nearest folder with a DriverEntry definition below it.</summary>
    DriverEntryFolder,
    /// <summary>The command-line root the files were found under.</summary>
    Root,
}

/// <summary>A static library whose analyzed files a program includes: its name, and the project file that builds it.</summary>
public sealed record LinkedLibrary(string Name, ProgramSource Source, string ProjectFile)
{
    public string Describe() =>
        $"'{Name}' ({(Source == ProgramSource.SourcesFile ? "WDK sources file " : "project ")}{ProjectFile})";
}

/// <summary>One program (driver): its name (folder relative to the root), where the grouping came from, and its files.</summary>
public sealed record ProgramGroup(string Name, string Folder, ProgramSource Source, string? ProjectFile, ImmutableArray<string> Files)
{
    /// <summary>The static libraries the program links (or compiles whole), whose analyzed files are among its Files.</summary>
    public ImmutableArray<LinkedLibrary> Libraries { get; init; } = [];

    public bool Contains(string path) => Files.Any(f => PathText.SameFile(f, path));

    /// <summary>For --verbose: the program, why it is one, and its files.</summary>
    public string Describe()
    {
        var why = Source switch
        {
            ProgramSource.ProgramOption => "--program " + Folder,
            ProgramSource.VisualStudioProject => "project " + ProjectFile,
            ProgramSource.SourcesFile => "WDK sources file " + ProjectFile,
            ProgramSource.DriverEntryFolder => "DriverEntry below " + Folder,
            _ => "files under " + Folder,
        };
        var builder = new StringBuilder();
        builder.Append("program '").Append(Name).Append("' (").Append(why).Append(", ").Append(Files.Length).Append(Files.Length == 1 ? " file" : " files");
        if (Libraries.Length > 0)
            builder.Append(Libraries.Length == 1 ? ", includes library " : ", includes libraries ").AppendJoin(", ", Libraries.Select(l => l.Describe()));
        builder.Append(')');
        foreach (var file in Files)
            builder.AppendLine().Append("    ").Append(file);
        return builder.ToString();
    }
}

/// <summary>
/// Splits the analyzed files into programs (drivers) so that two drivers analyzed in one run never link to each
/// other: '--program DIR' first, then the .vcxproj or WDK 'sources' file that lists the file (found in the file's
/// folder or above, or referenced by such a project), then the nearest folder with a DriverEntry below it, else the
/// command-line root. A file listed by several projects (a shared source) belongs to each of them. A project that
/// links a static library includes the library's files, and a library some analyzed program links is no program of
/// its own (<see cref="LibraryLinks"/>). Pure apart from the injected file system.
/// </summary>
public static class ProgramGrouper
{
    public static ImmutableArray<ProgramGroup> Group(
        IReadOnlyList<AnalyzedFile> files,
        IReadOnlyList<string> roots,
        IReadOnlyList<string> programFolders,
        IProgramFileSystem fileSystem)
    {
        var unique = files.GroupBy(f => PathText.Normalize(f.Path), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        // A root given as a file stands for its folder.
        var rootFolders = roots
            .Select(r => unique.Any(f => PathText.SameFile(f.Path, r)) ? PathText.DirectoryOf(r) : r)
            .ToList();

        var groups = new List<(string Folder, ProgramSource Source, string? Project, List<string> Files, ImmutableArray<LinkedLibrary> Libraries)>();
        var rest = new List<AnalyzedFile>();

        // 1. --program DIR: the deepest such folder containing the file wins.
        var byOption = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in unique)
        {
            var folder = programFolders.Where(p => PathText.IsUnder(file.Path, p)).OrderByDescending(p => PathText.Normalize(p).Length).FirstOrDefault();
            if (folder is null) { rest.Add(file); continue; }
            if (!byOption.TryGetValue(folder, out var list)) byOption.Add(folder, list = []);
            list.Add(file.Path);
        }
        foreach (var (folder, list) in byOption)
            groups.Add((folder, ProgramSource.ProgramOption, null, list, []));

        // 2. Projects found in the folders of the remaining files and above.
        var projects = FindProjects(rest, fileSystem);
        var unlisted = new List<AnalyzedFile>();
        var byProject = new Dictionary<ProjectFile, List<string>>();
        foreach (var file in rest)
        {
            bool listed = false;
            foreach (var project in projects)
            {
                if (!project.Lists(file.Path)) continue;
                listed = true;
                if (!byProject.TryGetValue(project, out var list)) byProject.Add(project, list = []);
                list.Add(file.Path);
            }
            if (!listed) unlisted.Add(file);
        }
        // A program takes in the analyzed files of the static libraries it links; a library some program links is none itself.
        var links = LibraryLinks.Resolve(projects, byProject);
        foreach (var (project, list) in byProject)
        {
            if (!links.Included.TryGetValue(project, out var libraries)) continue;
            var included = list.ToList();
            var seenFiles = list.Select(PathText.Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var library in libraries)
                included.AddRange(byProject[library].Where(f => seenFiles.Add(PathText.Normalize(f))));
            groups.Add((project.Folder, project.Source, project.Path, included, [.. libraries.Select(l => new LinkedLibrary(l.Name, l.Source, l.Path))]));
        }

        // 3. The nearest folder (not above the file's root) with a DriverEntry definition below it; 4. the root.
        var driverFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in unlisted.Where(f => f.DefinesDriverEntry))
            for (string? folder = PathText.DirectoryOf(file.Path); folder is not null; folder = PathText.Parent(folder))
                driverFolders.Add(PathText.Normalize(folder));
        var byFolder = new Dictionary<(string, ProgramSource), List<string>>();
        foreach (var file in unlisted)
        {
            string? root = RootOf(file.Path, rootFolders);
            (string Folder, ProgramSource Source)? key = null;
            for (string? folder = PathText.DirectoryOf(file.Path); folder is not null; folder = PathText.Parent(folder))
            {
                if (root is not null && !PathText.IsUnder(folder, root)) break;
                if (driverFolders.Contains(PathText.Normalize(folder))) { key = (folder, ProgramSource.DriverEntryFolder); break; }
            }
            key ??= (root ?? PathText.DirectoryOf(file.Path), ProgramSource.Root);
            var existing = byFolder.Keys.FirstOrDefault(k => k.Item2 == key.Value.Source && PathText.SameFile(k.Item1, key.Value.Folder));
            if (existing.Item1 is null) byFolder.Add(existing = key.Value, []);
            byFolder[existing].Add(file.Path);
        }
        foreach (var ((folder, source), list) in byFolder)
            groups.Add((folder, source, null, list, []));

        return Name(groups, rootFolders);
    }

    /// <summary>Convenience overload over facts: DriverEntry definitions come from the units.</summary>
    public static ImmutableArray<ProgramGroup> Group(
        IEnumerable<TranslationUnitFacts> units, IReadOnlyList<string> roots, IReadOnlyList<string> programFolders, IProgramFileSystem fileSystem) =>
        Group([.. units.Select(AnalyzedFile.From)], roots, programFolders, fileSystem);

    /// <summary>
    /// The items (translation units, input files) of each program, matched by path in linear time; a shared file
    /// goes to every program that lists it. Programs keep their order; items keep theirs.
    /// </summary>
    public static ImmutableArray<(ProgramGroup Program, ImmutableArray<T> Items)> Partition<T>(ImmutableArray<ProgramGroup> programs, IEnumerable<T> items, Func<T, string> pathOf)
    {
        var byPath = new Dictionary<string, List<T>>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var key = PathText.Normalize(pathOf(item));
            if (!byPath.TryGetValue(key, out var list)) byPath.Add(key, list = []);
            list.Add(item);
        }
        return [.. programs.Select(p => (p, p.Files.SelectMany(f => byPath.TryGetValue(PathText.Normalize(f), out var list) ? list : []).ToImmutableArray()))];
    }

    /// <summary>All programs, one Describe() block each, for --verbose.</summary>
    public static string Describe(IEnumerable<ProgramGroup> programs) => string.Join(Environment.NewLine, programs.Select(p => p.Describe()));

    private static string? RootOf(string path, IReadOnlyList<string> roots) =>
        roots.Where(r => PathText.IsUnder(path, r)).OrderByDescending(r => PathText.Normalize(r).Length).FirstOrDefault();

    private static ImmutableArray<ProgramGroup> Name(
        List<(string Folder, ProgramSource Source, string? Project, List<string> Files, ImmutableArray<LinkedLibrary> Libraries)> groups, IReadOnlyList<string> roots)
    {
        var named = new List<ProgramGroup>();
        foreach (var (folder, source, project, files, libraries) in groups)
        {
            string? root = RootOf(folder, roots);
            string name = root is null ? PathText.Normalize(folder)
                : PathText.Relative(folder, root) is { Length: > 0 } relative ? relative
                : PathText.Segments(root).LastOrDefault() ?? PathText.Normalize(root);
            // Two projects in one folder: tell them apart by project name.
            if (project is not null && groups.Count(g => g.Project is not null && PathText.SameFile(g.Folder, folder)) > 1)
                name += "/" + Path.GetFileNameWithoutExtension(PathText.FileName(project));
            named.Add(new ProgramGroup(name, folder, source, project, [.. files.Order(StringComparer.Ordinal)]) { Libraries = libraries });
        }
        var ordered = named.OrderBy(g => g.Name, StringComparer.Ordinal).ThenBy(g => g.Folder, StringComparer.Ordinal).ToList();
        // Names must be unique (they key output and caches); equal names from different roots get a counter.
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < ordered.Count; i++)
        {
            int count = seen.TryGetValue(ordered[i].Name, out int c) ? c + 1 : 1;
            seen[ordered[i].Name] = count;
            if (count > 1) ordered[i] = ordered[i] with { Name = $"{ordered[i].Name} ({count})" };
        }
        return [.. ordered];
    }

    private static List<ProjectFile> FindProjects(List<AnalyzedFile> files, IProgramFileSystem fileSystem) =>
        [.. ReadProjects(files.Select(f => f.Path), fileSystem, parse: true).Select(p => p.Project).OfType<ProjectFile>()];

    /// <summary>
    /// The project files grouping reads for these sources: every .vcxproj in the sources' folders and the folders
    /// above them, a legacy 'sources' file where no .vcxproj sits beside it (the project file wins), and the projects
    /// those reference (ProjectReference), wherever they are. Public so that whatever must notice a changed grouping
    /// (the report cache) looks at exactly these files.
    /// </summary>
    public static IReadOnlyList<string> ProjectFilePaths(IEnumerable<string> sourcePaths, IProgramFileSystem fileSystem) =>
        [.. ReadProjects(sourcePaths, fileSystem, parse: false).Select(p => p.Path)];

    /// <summary>
    /// The folders of the sources of the static libraries the projects in <paramref name="driverFolder"/> reference
    /// (ProjectReference to a project that builds a static library, and the libraries those reference in turn), outside
    /// that folder, in the order met. A host that starts from one folder (the language server, the pre-commit hook) analyzes them with
    /// it, so that grouping links them into the driver as a build over both does.
    /// </summary>
    public static IReadOnlyList<string> ReferencedLibraryFolders(string driverFolder, IProgramFileSystem fileSystem)
    {
        // The driver folder's own projects only hand on their references; a referenced project counts, and hands on
        // its own, when it builds a library (a referenced driver or DLL is linked by nothing).
        bool InDriverFolder(ProjectFile project) => PathText.SameFile(project.Folder, driverFolder);
        var own = fileSystem.EnumerateFiles(driverFolder)
            .Where(e => e.EndsWith(".vcxproj", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        var folders = new List<string>();
        foreach (var (_, project) in WithReferences(own, fileSystem, parse: true, follow: p => InDriverFolder(p) || p.IsLibrary))
        {
            if (project is not { IsLibrary: true } || InDriverFolder(project)) continue;
            foreach (var folder in project.SourceFolders)
                if (!PathText.IsUnder(folder, driverFolder) && !folders.Any(f => PathText.IsUnder(folder, f)))
                    folders.Add(folder);
        }
        return folders;
    }

    /// <summary>
    /// Each project file found for the sources, in a fixed order, with what it says when parse is set (null when
    /// unreadable or bad XML). Without parse only the references are read: the report cache asks on every run.
    /// </summary>
    private static List<(string Path, ProjectFile? Project)> ReadProjects(IEnumerable<string> sourcePaths, IProgramFileSystem fileSystem, bool parse)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in sourcePaths)
            for (string? folder = PathText.DirectoryOf(path); folder is not null; folder = PathText.Parent(folder))
                if (seen.Add(PathText.Normalize(folder))) folders.Add(folder);
        var found = new List<string>();
        foreach (var folder in folders)
        {
            var entries = fileSystem.EnumerateFiles(folder).Order(StringComparer.Ordinal).ToList();
            var vcxprojs = entries.Where(e => e.EndsWith(".vcxproj", StringComparison.OrdinalIgnoreCase)).ToList();
            found.AddRange(vcxprojs);
            if (vcxprojs.Count > 0) continue;
            var sources = entries.FirstOrDefault(e => string.Equals(PathText.FileName(e), "sources", StringComparison.OrdinalIgnoreCase));
            if (sources is not null) found.Add(sources);
        }

        return WithReferences(found, fileSystem, parse);
    }

    /// <summary>
    /// The project files at <paramref name="start"/> and the projects they reference (ProjectReference), in the order
    /// met: a worklist, with every path read once, so a cycle of references ends. With parse, each comes with what it
    /// says (null when unreadable or bad XML), and <paramref name="follow"/>, when given, decides whose references are
    /// followed; without parse only the references are read.
    /// </summary>
    private static List<(string Path, ProjectFile? Project)> WithReferences(
        IEnumerable<string> start, IProgramFileSystem fileSystem, bool parse, Func<ProjectFile, bool>? follow = null)
    {
        var projects = new List<(string, ProjectFile?)>();
        var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var work = new Queue<string>(start);
        while (work.TryDequeue(out var path))
        {
            if (!read.Add(PathText.Normalize(path))) continue;
            var text = fileSystem.ReadAllText(path);
            var project = parse && text is not null ? ProjectFile.Read(path, text) : null;
            projects.Add((path, project));
            if (project is not null && follow is not null && !follow(project)) continue;
            foreach (var reference in project?.References ?? (text is null ? [] : ProjectFile.ReferencesIn(path, text)))
                work.Enqueue(reference);
        }
        return projects;
    }
}
