from photogram.markers.models.marker import Marker

__all__ = ["Marker"]
