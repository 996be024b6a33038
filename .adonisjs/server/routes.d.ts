import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'medico.index': { paramsTuple?: []; params?: {} }
    'medico.hours.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'medico.hours.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'hourId': ParamValue} }
    'health': { paramsTuple?: []; params?: {} }
    'login': { paramsTuple?: []; params?: {} }
    'login.store': { paramsTuple?: []; params?: {} }
    'logout': { paramsTuple?: []; params?: {} }
    'password.edit': { paramsTuple?: []; params?: {} }
    'password.update': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
  }
  GET: {
    'medico.index': { paramsTuple?: []; params?: {} }
    'health': { paramsTuple?: []; params?: {} }
    'login': { paramsTuple?: []; params?: {} }
    'password.edit': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
  }
  HEAD: {
    'medico.index': { paramsTuple?: []; params?: {} }
    'health': { paramsTuple?: []; params?: {} }
    'login': { paramsTuple?: []; params?: {} }
    'password.edit': { paramsTuple?: []; params?: {} }
    'home': { paramsTuple?: []; params?: {} }
  }
  POST: {
    'medico.hours.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'login.store': { paramsTuple?: []; params?: {} }
    'logout': { paramsTuple?: []; params?: {} }
    'password.update': { paramsTuple?: []; params?: {} }
  }
  DELETE: {
    'medico.hours.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'id': ParamValue,'hourId': ParamValue} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}