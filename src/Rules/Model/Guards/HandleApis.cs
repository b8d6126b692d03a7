using System.Collections.Frozen;

namespace StackLint.Rules.Model.Guards;

/// <summary>What a kernel handle may refer to, as far as the driver's code tells.</summary>
[Flags]
public enum HandleKinds
{
    None = 0,
    /// <summary>A file or device: its last close sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE through a driver stack.</summary>
    FileOrDevice = 1,
    /// <summary>A key, thread, process, transaction, section, event, timer, symbolic link, object directory...: closing it sends no IRP.</summary>
    Other = 2,
    /// <summary>The driver's code does not say where the handle comes from.</summary>
    Unknown = 4,
}

/// <summary>
/// Kernel routines that create or close handles, as data: which routines close the handle in their first argument,
/// and what kind of object the handle a creator writes through a by-address argument refers to. The model
/// (<see cref="ValueOrigins"/>) traces a closed handle back to these creators.
/// </summary>
public static class HandleApis
{
    /// <summary>Routines that close the handle passed as their first argument.</summary>
    public static FrozenSet<string> CloseRoutines { get; } = new[] { "ZwClose", "NtClose", "ObCloseHandle", "FltClose" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Routines that return a pointer to the system routine whose name they are given (a string literal).</summary>
    public static FrozenSet<string> RoutineLookups { get; } = new[] { "FltGetRoutineAddress", "MmGetSystemRoutineAddress" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Routines that return the value their first argument (an address) held before they replaced it:
    /// 'h = InterlockedExchangePointer(&amp;Ctx->FileHandle, NULL)' takes the handle out of the field.
    /// </summary>
    public static FrozenSet<string> ExchangeRoutines { get; } = new[]
    {
        "InterlockedExchangePointer", "_InterlockedExchangePointer", "InterlockedCompareExchangePointer", "_InterlockedCompareExchangePointer",
        "InterlockedExchange", "_InterlockedExchange", "InterlockedExchange64", "_InterlockedExchange64",
        "InterlockedCompareExchange", "_InterlockedCompareExchange", "InterlockedCompareExchange64", "_InterlockedCompareExchange64",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The routine that fills a UNICODE_STRING from a literal (how MmGetSystemRoutineAddress's name is built).</summary>
    public const string InitUnicodeString = "RtlInitUnicodeString";

    private static readonly string[] FileCreators =
    [
        "ZwCreateFile", "ZwOpenFile", "NtCreateFile", "NtOpenFile", "IoCreateFile", "IoCreateFileEx", "IoCreateFileSpecifyDeviceObjectHint",
        "FltCreateFile", "FltCreateFileEx", "FltCreateFileEx2", "FltCreateNamedPipeFile", "FltCreateMailslotFile",
        "ZwCreateNamedPipeFile", "ZwCreateMailslotFile", "IoCreateStreamFileObjectEx", "IoCreateStreamFileObjectEx2",
    ];

    private static readonly string[] OtherCreators =
    [
        // registry keys
        "ZwOpenKey", "ZwOpenKeyEx", "ZwCreateKey", "ZwOpenKeyTransacted", "ZwOpenKeyTransactedEx", "ZwCreateKeyTransacted",
        "NtOpenKey", "NtOpenKeyEx", "NtCreateKey", "IoOpenDeviceRegistryKey", "IoOpenDeviceInterfaceRegistryKey",
        "IoOpenDriverRegistryKey", "CmOpenDeviceRegistryKey",
        // threads, processes, jobs, tokens
        "PsCreateSystemThread", "ZwOpenProcess", "NtOpenProcess", "ZwOpenThread", "NtOpenThread", "ZwOpenProcessToken",
        "ZwOpenProcessTokenEx", "ZwOpenThreadToken", "ZwOpenThreadTokenEx", "ZwDuplicateToken", "ZwCreateJobObject", "ZwOpenJobObject",
        // sections, events, timers, symbolic links, directories, transactions
        "ZwCreateSection", "ZwOpenSection", "NtCreateSection", "FltCreateSectionForDataScan", "ZwCreateEvent", "ZwOpenEvent",
        "IoCreateNotificationEvent", "IoCreateSynchronizationEvent", "ZwCreateTimer", "ZwOpenTimer",
        "ZwOpenSymbolicLinkObject", "ZwCreateSymbolicLinkObject", "ZwOpenDirectoryObject", "ZwCreateDirectoryObject",
        "ZwCreateTransaction", "ZwOpenTransaction", "ZwCreateTransactionManager", "ZwOpenTransactionManager",
        "ZwCreateResourceManager", "ZwOpenResourceManager", "ZwCreateEnlistment", "ZwOpenEnlistment",
    ];

    /// <summary>Creators whose handle may refer to any kind of object (the caller chooses it at run time).</summary>
    private static readonly string[] AnyKindCreators = ["ObOpenObjectByPointer", "ObOpenObjectByName", "ZwDuplicateObject", "NtDuplicateObject"];

    private static readonly FrozenDictionary<string, HandleKinds> Creators =
        FileCreators.Select(n => KeyValuePair.Create(n, HandleKinds.FileOrDevice))
            .Concat(OtherCreators.Select(n => KeyValuePair.Create(n, HandleKinds.Other)))
            .Concat(AnyKindCreators.Select(n => KeyValuePair.Create(n, HandleKinds.Unknown)))
            .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The kind of handle a routine writes through its by-address arguments; None when it creates no handle.</summary>
    public static HandleKinds CreatedBy(string? routine) =>
        routine is not null && Creators.TryGetValue(routine, out var kind) ? kind : HandleKinds.None;

    /// <summary>
    /// The kind of handle a call creates, looking at the object type it passes when the routine opens any kind of
    /// object (ObOpenObjectByPointer(..., *CmKeyObjectType, ...) opens a key; *IoFileObjectType a file).
    /// </summary>
    public static HandleKinds CreatedBy(string? routine, IReadOnlyList<StackLint.Frontend.Facts.CallArgument> arguments)
    {
        var kind = CreatedBy(routine);
        if (kind != HandleKinds.Unknown || routine is null || !ObjectTypeArgument.TryGetValue(routine, out int index) || index >= arguments.Count)
            return kind;
        var type = arguments[index].Lvalue?.TrimStart('*');
        return type is null ? kind
            : FileObjectTypes.Contains(type) ? HandleKinds.FileOrDevice
            : type.EndsWith("ObjectType", StringComparison.Ordinal) || type.EndsWith("Type", StringComparison.Ordinal) && type.StartsWith("Ps", StringComparison.Ordinal) ? HandleKinds.Other
            : kind;
    }

    /// <summary>Where the object type (a POBJECT_TYPE such as *IoFileObjectType) is among the arguments of the any-kind openers.</summary>
    private static readonly FrozenDictionary<string, int> ObjectTypeArgument =
        new Dictionary<string, int> { ["ObOpenObjectByPointer"] = 4, ["ObOpenObjectByName"] = 1 }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The exported object types of files and devices; every other exported type (CmKeyObjectType, PsProcessType...) is not one.</summary>
    private static readonly FrozenSet<string> FileObjectTypes = new[] { "IoFileObjectType", "IoDeviceObjectType", "IoDriverObjectType" }.ToFrozenSet(StringComparer.Ordinal);
}
