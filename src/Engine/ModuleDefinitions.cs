namespace StackLint.Engine;

/// <summary>
/// Names a driver exports through module-definition files: the '.def' files next to its sources, whose EXPORTS
/// section lists the functions other drivers link to (an export driver's API). Those functions are entry points on
/// their callers' stacks even when nothing in the driver calls them, like '__declspec(dllexport)' ones.
/// </summary>
public static class ModuleDefinitions
{
    private static readonly HashSet<string> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        "NAME", "LIBRARY", "DESCRIPTION", "STACKSIZE", "HEAPSIZE", "SECTIONS", "STUB", "VERSION", "IMPORTS",
    };

    /// <summary>The exported function names of every .def file in the folders that hold the given sources.</summary>
    public static IReadOnlyList<string> ExportsOf(IEnumerable<string> sourcePaths)
    {
        ArgumentNullException.ThrowIfNull(sourcePaths);
        var folders = sourcePaths.Select(Path.GetDirectoryName).Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal)
            .OrderBy(d => d, StringComparer.Ordinal);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder!, "*.def").OrderBy(f => f, StringComparer.Ordinal))
            {
                string text;
                try
                {
                    text = File.ReadAllText(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A .def file we cannot read only loses its exports; the analysis itself does not depend on it.
                    continue;
                }
                names.UnionWith(Parse(text));
            }
        }
        return [.. names];
    }

    /// <summary>
    /// The functions an EXPORTS section names: 'entry[=internal] [@ordinal [NONAME]] [PRIVATE]' per line, the internal
    /// name when given; DATA exports are not functions. ';' starts a comment.
    /// </summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new List<string>();
        bool inExports = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw;
            int comment = line.IndexOf(';', StringComparison.Ordinal);
            if (comment >= 0) line = line[..comment];
            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            int first = 0;
            if (string.Equals(words[0], "EXPORTS", StringComparison.OrdinalIgnoreCase))
            {
                inExports = true;
                first = 1;
                if (words.Length == 1) continue;
            }
            else if (Sections.Contains(words[0]))
            {
                inExports = false;
                continue;
            }
            if (!inExports || words.Skip(first).Any(w => string.Equals(w, "DATA", StringComparison.OrdinalIgnoreCase))) continue;
            var entry = words[first];
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals >= 0 && equals + 1 < entry.Length ? entry[(equals + 1)..] : entry.TrimEnd('=');
            // 'other_module.Name' forwards to another driver: nothing of ours.
            if (name.Length > 0 && !name.Contains('.', StringComparison.Ordinal) && !name.StartsWith('@')) names.Add(name);
        }
        return names;
    }
}
