using System.Collections.Frozen;
using System.Collections.Immutable;

namespace StackLint.Rules.Model.Guards;

/// <summary>A kernel routine that sends a new request through a whole driver stack on the calling thread, and why.</summary>
public sealed record StackHungryApi(string Name, string Reason);

/// <summary>
/// The default list of stack-hungry routines, as data: one line per routine with the reason it is on the list
/// (the rule documentation prints this table). Configuration adds and removes names:
/// 'stacklint.stack_hungry_apis = +MyIoHelper, -ZwClose' (a name without a sign is added).
/// </summary>
public static class StackHungryApis
{
    public const string OptionKey = "stacklint.stack_hungry_apis";

    /// <summary>The routine whose result a stack check compares (a FORCEINLINE in the WDK's wdm.h).</summary>
    public const string RemainingStackQuery = "IoGetRemainingStackSize";

    private const string CreateReason = "sends a new IRP_MJ_CREATE to the top of the file-system stack: every filter's pre-create, name resolution, reparse handling and the file system's create path run on this thread's stack";

    private static readonly ImmutableArray<StackHungryApi> Primary =
    [
        new("FltCreateFile", "with a NULL Instance the create starts at the top of the stack, above this filter: every filter's pre-create and the file system's create path run on this thread's stack; with an Instance, still the filters below and the file system"),
        new("FltCreateFileEx", "as FltCreateFile, and returns the FILE_OBJECT too"),
        new("FltCreateFileEx2", "as FltCreateFile, with an ECP list that lower filters process on the same stack"),
        new("FltCreateNamedPipeFile", "a create through the named-pipe file system stack and the filters attached to it"),
        new("FltCreateMailslotFile", "a create through the mailslot file system stack and the filters attached to it"),
        new("ZwCreateFile", CreateReason),
        new("ZwOpenFile", CreateReason),
        new("ZwReadFile", "a read IRP through every filter and the file system; a non-cached or paging read continues into the volume and disk stacks"),
        new("ZwWriteFile", "a write IRP through every filter and the file system; a non-cached write continues into the volume and disk stacks"),
        new("ZwQueryInformationFile", "an IRP_MJ_QUERY_INFORMATION through every filter and the file system"),
        new("ZwSetInformationFile", "an IRP_MJ_SET_INFORMATION through every filter and the file system; renames and delete dispositions take its deepest paths"),
        new("ZwQueryDirectoryFile", "a directory enumeration IRP through every filter and the file system"),
        new("ZwQueryVolumeInformationFile", "a volume query IRP through every filter and the file system"),
        new("ZwDeviceIoControlFile", "an IOCTL to the top of the target device stack, however deep its handlers go"),
        new("ZwFsControlFile", "an FSCTL to the top of the file-system stack, however deep its handlers go"),
        new("ZwOpenProcess", "an object-manager open with access checks; object callbacks registered by other drivers run on this thread's stack"),
        new("ZwClose", "closing the last handle of a file sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE through every filter and the file system"),
    ];

    /// <summary>The defaults: the routines above and their Nt* twins (the same system services without the previous-mode switch).</summary>
    public static ImmutableArray<StackHungryApi> Defaults { get; } =
        [.. Primary, .. Primary.Where(a => a.Name.StartsWith("Zw", StringComparison.Ordinal))
            .Select(a => new StackHungryApi("Nt" + a.Name[2..], $"the Nt twin of {a.Name}: same request, same stack")),];

    private static readonly FrozenSet<string> DefaultNames = Defaults.Select(a => a.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The names in effect for a configured value (null or empty: the defaults).</summary>
    public static FrozenSet<string> Resolve(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return DefaultNames;
        var names = new HashSet<string>(DefaultNames, StringComparer.Ordinal);
        foreach (var raw in configured.Split(','))
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            if (entry[0] == '-') names.Remove(entry[1..].Trim());
            else names.Add(entry.TrimStart('+').Trim());
        }
        return names.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The names in effect for a source file, from its options.</summary>
    public static FrozenSet<string> For(IRuleOptions options, string sourcePath) => Resolve(options.GetValue(sourcePath, OptionKey));

    /// <summary>The default table as Markdown, for the rule documentation.</summary>
    public static string DefaultsTable() =>
        "| Routine | Why it is stack-hungry |\n|---|---|\n" + string.Join("\n", Defaults.Select(a => $"| `{a.Name}` | {a.Reason} |"));
}
