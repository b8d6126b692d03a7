namespace StackLint.Rules.Model.Programs;

/// <summary>
/// Which static libraries each project program links, and which libraries are therefore no programs of their own.
/// A driver (or DLL) links a library it references (ProjectReference), names as a '.lib' (AdditionalDependencies,
/// TARGETLIBS) or compiles every analyzed file of itself (a .vcxproj that lists a WDK library's sources); a library
/// links the libraries it names in turn. A library some driver reaches is part of that driver. Of the libraries no
/// driver reaches, those no other such library links stay programs; in a cycle of them nothing links from outside,
/// the first by path does.
/// </summary>
internal static class LibraryLinks
{
    /// <summary>The libraries (with analyzed files) each program includes, and the projects that are no program.</summary>
    public sealed record Result(IReadOnlyDictionary<ProjectFile, List<ProjectFile>> Included, IReadOnlySet<ProjectFile> Absorbed);

    /// <param name="projects">Every project read, in a fixed order.</param>
    /// <param name="listed">The analyzed files of each project that lists some.</param>
    public static Result Resolve(IReadOnlyList<ProjectFile> projects, IReadOnlyDictionary<ProjectFile, List<string>> listed)
    {
        var byPath = new Dictionary<string, ProjectFile>(StringComparer.OrdinalIgnoreCase);
        foreach (var project in projects)
            byPath.TryAdd(PathText.Normalize(project.Path), project);
        var libraries = projects.Where(p => p.IsLibrary).ToList();
        var programs = listed.Keys.OrderBy(p => p.Path, StringComparer.Ordinal).ToList();
        var files = programs.ToDictionary(p => p, p => listed[p].Select(PathText.Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase));

        var directs = new Dictionary<ProjectFile, List<ProjectFile>>();
        List<ProjectFile> Direct(ProjectFile project)
        {
            if (directs.TryGetValue(project, out var known)) return known;
            var direct = new List<ProjectFile>();
            foreach (var reference in project.References)
                if (byPath.TryGetValue(PathText.Normalize(reference), out var target) && target.IsLibrary)
                    direct.Add(target);
            foreach (var name in project.LinkedLibraries)
            {
                // Several libraries of that name (one per driver of a tree): the one nearest the project links.
                var named = libraries.Where(l => l != project && l.LibraryNames.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
                if (named.Count == 0) continue;
                int nearest = named.Max(l => PathText.CommonDirectoryLength(project.Path, l.Path));
                direct.AddRange(named.Where(l => PathText.CommonDirectoryLength(project.Path, l.Path) == nearest));
            }
            if (!project.IsLibrary)
                direct.AddRange(programs.Where(l => l.IsLibrary && files[project].IsSupersetOf(files[l])));
            directs.Add(project, direct);
            return direct;
        }

        // Every library a project reaches, through libraries only; the visited set ends cycles.
        HashSet<ProjectFile> Reach(ProjectFile project)
        {
            var reached = new HashSet<ProjectFile>();
            var work = new Stack<ProjectFile>(Direct(project));
            while (work.TryPop(out var library))
            {
                if (library == project || !reached.Add(library)) continue;
                foreach (var next in Direct(library))
                    work.Push(next);
            }
            return reached;
        }

        var reach = programs.ToDictionary(p => p, Reach);
        var absorbed = new HashSet<ProjectFile>();
        foreach (var driver in programs.Where(p => !p.IsLibrary))
            absorbed.UnionWith(reach[driver]);
        var remaining = programs.Where(p => p.IsLibrary && !absorbed.Contains(p)).ToList();
        for (int i = 0; i < remaining.Count; i++)
        {
            var library = remaining[i];
            // Linked by another remaining library that it does not link back (or that comes first in their cycle).
            bool linked = remaining.Where((other, j) => j != i && reach[other].Contains(library) && (!reach[library].Contains(other) || j < i)).Any();
            if (linked) absorbed.Add(library);
        }

        var included = new Dictionary<ProjectFile, List<ProjectFile>>();
        foreach (var program in programs.Where(p => !absorbed.Contains(p)))
            included.Add(program, [.. reach[program].Where(listed.ContainsKey).OrderBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Path, StringComparer.Ordinal)]);
        return new Result(included, absorbed);
    }
}
