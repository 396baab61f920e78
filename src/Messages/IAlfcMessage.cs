namespace ALfc.Messages;

/// <summary>
/// Root of every ALfc cluster message; cluster.hocon binds it to <see cref="Serialization.AlfcMessageSerializer"/>,
/// which knows each concrete type by a fixed manifest and never reads a type name off the wire.
/// </summary>
public interface IAlfcMessage;
