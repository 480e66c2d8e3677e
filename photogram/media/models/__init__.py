from photogram.media.models.attachment import MediaAttachment

__all__ = ["MediaAttachment"]
