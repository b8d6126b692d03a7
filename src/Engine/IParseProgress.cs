namespace StackLint.Engine;

/// <summary>Told after each file is parsed or loaded from the cache (from parser threads); disposed when parsing ends.</summary>
public interface IParseProgress : IDisposable
{
    void Completed(string path);
}
