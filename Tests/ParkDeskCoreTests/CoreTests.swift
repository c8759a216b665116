import Testing
import ParkDeskCore
